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
}
