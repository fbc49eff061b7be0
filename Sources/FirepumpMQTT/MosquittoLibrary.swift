internal import CMosquitto

/// The process-wide libmosquitto state.
enum MosquittoLibrary {
    /// `mosquitto_lib_init` result. Swift runs a global's initialiser exactly once, thread-safely,
    /// on first use, so the library is initialised once however many clients are created.
    private static let initResult: Int32 = mosquitto_lib_init()

    /// Initialises libmosquitto on first call; throws if that failed.
    static func ensureInitialized() throws(MosquittoError) {
        let rc = initResult
        guard rc == MosquittoCode.success else {
            throw MosquittoError(operation: "mosquitto_lib_init", code: rc, capturedErrno: 0)
        }
    }

    /// The linked libmosquitto's version, e.g. "2.0.11".
    static var version: String {
        var major: Int32 = 0
        var minor: Int32 = 0
        var revision: Int32 = 0
        _ = unsafe mosquitto_lib_version(&major, &minor, &revision)
        return "\(major).\(minor).\(revision)"
    }
}
