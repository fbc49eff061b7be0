internal import CMosquitto
internal import Glibc

/// Starts the detached thread that runs `session.runNetworkLoop()`.
///
/// The thread holds its own reference to the session, so the handle lives until the loop has
/// returned even if the client is gone or `stop` stopped waiting for it.
func startNetworkThread(_ session: Session) throws(MosquittoError) {
    let retained = unsafe Unmanaged.passRetained(session).toOpaque()
    var thread = pthread_t()
    let rc = unsafe pthread_create(&thread, nil, networkThreadMain, retained)
    guard rc == 0 else {
        unsafe Unmanaged<Session>.fromOpaque(retained).release()
        throw MosquittoError(
            operation: "pthread_create", code: MosquittoCode.errno, capturedErrno: rc,
            detail: "cannot start the MQTT network thread")
    }
    _ = pthread_detach(thread)
}

/// The thread entry point: takes over the session reference and runs the loop.
private func networkThreadMain(_ argument: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    guard let argument = unsafe argument else { return nil }
    let session = unsafe Unmanaged<Session>.fromOpaque(argument).takeRetainedValue()
    // Named for `top -H`, /proc/PID/task/*/comm and debuggers (15 characters at most).
    _ = unsafe firepump_name_this_thread("firepump-mqtt")
    session.runNetworkLoop()
    return nil
}
