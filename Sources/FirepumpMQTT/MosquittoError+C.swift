internal import CMosquitto
internal import Glibc

/// libmosquitto result codes as plain `Int32`, the type its functions return.
enum MosquittoCode {
    static let success = MOSQ_ERR_SUCCESS.rawValue
    static let invalid = MOSQ_ERR_INVAL.rawValue
    static let noConnection = MOSQ_ERR_NO_CONN.rawValue
    static let tls = MOSQ_ERR_TLS.rawValue
    static let errno = MOSQ_ERR_ERRNO.rawValue
}

extension MosquittoError {
    /// The error for result `code` of the C call `operation`. `capturedErrno` must be read
    /// right after that call, before anything else can change `errno`.
    init(operation: String, code: Int32, capturedErrno: Int32, detail: String? = nil) {
        if code == MosquittoCode.errno {
            let text = systemErrorText(capturedErrno)
            self.init(
                operation: operation, code: code, message: text,
                errno: capturedErrno, errnoMessage: text, detail: detail)
        } else {
            self.init(operation: operation, code: code, message: libraryErrorText(code), detail: detail)
        }
    }

    /// The broker refused the connection in its CONNACK with return `code` (MQTT 3.1.1: 1...5).
    static func connackRefused(_ code: Int32) -> MosquittoError {
        let text = unsafe String(cString: mosquitto_connack_string(code))
        return MosquittoError(operation: "CONNACK", code: code, message: text)
    }

    /// Options or arguments rejected before any C call: `MOSQ_ERR_INVAL` with the reason.
    static func invalidArgument(_ operation: String, _ reason: String) -> MosquittoError {
        MosquittoError(
            operation: operation, code: MosquittoCode.invalid,
            message: libraryErrorText(MosquittoCode.invalid), detail: reason)
    }
}

/// `mosquitto_strerror`, with texts for the codes libmosquitto 2.0.11 calls "Unknown error.".
func libraryErrorText(_ code: Int32) -> String {
    switch code {
    case MOSQ_ERR_KEEPALIVE.rawValue: return "Keepalive timeout: the broker did not answer in time."
    case MOSQ_ERR_LOOKUP.rawValue: return "Lookup error."
    case MOSQ_ERR_MALFORMED_PACKET.rawValue: return "Malformed packet."
    case MOSQ_ERR_TIMEOUT.rawValue: return "Timed out."
    default: return unsafe String(cString: mosquitto_strerror(code))
    }
}

/// `strerror(code)`.
func systemErrorText(_ code: Int32) -> String {
    unsafe String(cString: strerror(code))
}
