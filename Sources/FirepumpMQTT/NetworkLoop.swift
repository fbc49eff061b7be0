import Dispatch

/// How long a stopping connection waits for the broker to acknowledge the final message.
let stopAcknowledgementGrace: Duration = .seconds(2)

/// How long a stopping connection may take to write its last packets and DISCONNECT.
let stopFlushGrace: Duration = .seconds(1)

/// How one connection ended.
enum ConnectionEnd {
    /// It failed or was lost: retry after the backoff delay.
    case ended
    /// `stop` was called: the network thread ends.
    case stopped
}

// Why the client runs its own loop instead of `mosquitto_loop_start` (libmosquitto 2.0.11):
// - after a failed `mosquitto_connect_async`, `mosquitto_loop_start`'s thread polls every 10 ms
//   forever and never reconnects;
// - with TLS, an async connect to a broker that is down makes that thread spin at full CPU
//   until the keepalive expires;
// - `mosquitto_loop_forever` returns, ending the thread for good, on "fatal" errors such as a
//   TLS failure (wrong CA, expired certificate, a Raspberry Pi clock not yet set) or EPROTO.
// This loop uses the same library calls (`mosquitto_connect` as the library's own reconnect
// does, and `mosquitto_loop`) and retries every failure, waiting in `pselect` or on a semaphore.
extension Session {
    /// The network thread's body: connect, run the connection, wait the backoff delay, retry,
    /// until `shutDown`.
    func runNetworkLoop() {
        defer { exited.signal() }
        var failures = 0
        while !context.isStopRequested {
            context.beginAttempt()
            let (code, capturedErrno) = connect()
            if context.isStopRequested {
                if code == MosquittoCode.success { disconnectCleanly(grace: stopFlushGrace) }
                return
            }
            if code == MosquittoCode.success {
                if runConnection() == .stopped { return }
            } else {
                context.attemptEnded(operation: "mosquitto_connect", code: code, capturedErrno: capturedErrno)
            }
            if context.takeConnectedSinceLastCheck() { failures = 0 }
            let delay = backoff.delay(afterFailures: failures)
            failures += 1
            _ = wakeup.wait(timeout: .now() + dispatchInterval(delay))
        }
    }

    /// Drives one connection with `mosquitto_loop` until it ends or the client stops. On stop,
    /// waits (briefly) for the broker to acknowledge the final message, then sends DISCONNECT.
    private func runConnection() -> ConnectionEnd {
        var stopDeadline: ContinuousClock.Instant?
        while true {
            // Waits for traffic or a wake-up (any packet queued from another thread); libmosquitto
            // shortens the wait to send keepalive pings in time.
            var timeout = keepAlive * 1000
            if context.isStopQueued {
                let deadline = stopDeadline ?? .now + stopAcknowledgementGrace
                stopDeadline = deadline
                let remaining = deadline - .now
                guard context.isConnected, context.awaitsStopAcknowledgements, remaining > .zero else {
                    disconnectCleanly(grace: stopFlushGrace)
                    return .stopped
                }
                timeout = min(timeout, milliseconds(remaining))
            }
            let (code, capturedErrno) = loopOnce(timeoutMilliseconds: timeout)
            runAfterPass()
            guard code == MosquittoCode.success else {
                if context.isStopRequested { return .stopped }
                context.attemptEnded(operation: "mosquitto_loop", code: code, capturedErrno: capturedErrno)
                return .ended
            }
        }
    }
}
