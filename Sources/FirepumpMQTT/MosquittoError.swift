/// A libmosquitto failure: which call failed, its result code and libmosquitto's text for it.
public struct MosquittoError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The C call (or protocol step) that failed, e.g. `mosquitto_connect`, `mosquitto_loop`,
    /// `CONNACK` for a broker refusal, or `MQTTClientOptions` for options rejected up front.
    public var operation: String
    /// The libmosquitto result code (`MOSQ_ERR_*`), or the CONNACK return code for `CONNACK`.
    public var code: Int32
    /// libmosquitto's text for `code` (`mosquitto_strerror`, or `mosquitto_connack_string`).
    public var message: String
    /// The C `errno` when `code` is `MOSQ_ERR_ERRNO` (14), else nil.
    public var errno: Int32?
    /// `strerror(errno)`, when `errno` is set.
    public var errnoMessage: String?
    /// More context, e.g. "TLS handshake failed: ... certificate verify failed".
    public var detail: String?

    /// An error with every field given.
    public init(
        operation: String, code: Int32, message: String,
        errno: Int32? = nil, errnoMessage: String? = nil, detail: String? = nil
    ) {
        self.operation = operation
        self.code = code
        self.message = message
        self.errno = errno
        self.errnoMessage = errnoMessage
        self.detail = detail
    }

    /// One line, e.g. `mosquitto_connect failed: Connection refused (code 14, errno 111)`.
    public var description: String {
        var text = "\(operation) failed: \(message) (code \(code)"
        if let errno {
            text += ", errno \(errno)"
            if let errnoMessage, errnoMessage != message { text += " \(errnoMessage)" }
        }
        text += ")"
        if let detail { text += "; \(detail)" }
        return text
    }
}
