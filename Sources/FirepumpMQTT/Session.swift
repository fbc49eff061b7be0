internal import CMosquitto
import Dispatch
internal import Glibc
import Synchronization

/// One libmosquitto handle with its callback context, and the calls made on it.
///
/// The network thread and the `MosquittoClient` share it.
// SAFETY: `handle` is only ever used through libmosquitto calls. The handle is in threaded mode
// (`mosquitto_threaded_set`), in which libmosquitto guards its packet queues, message lists and
// state with its own mutexes, so `mosquitto_publish`, `mosquitto_unsubscribe` and
// `mosquitto_disconnect` from any thread alongside the network thread is the library's supported
// use (as with `mosquitto_loop_start`). `mosquitto_connect`, `mosquitto_loop`,
// `mosquitto_loop_write` and `mosquitto_socket` are called only from the one network thread
// (both also inside `flush`, when that thread runs `afterPass`),
// and `mosquitto_destroy` only from `deinit`, when no thread can still hold the session.
@safe final class Session: @unchecked Sendable {
    private let handle: OpaquePointer
    /// Shared with the C callbacks through `userdata`.
    let context: CallbackContext
    /// Broker address and keepalive, for every `mosquitto_connect`.
    private let host: String
    private let port: Int32
    let keepAlive: Int32
    /// Delays between connection attempts.
    let backoff: ReconnectBackoff
    /// Signalled by `shutDown` to cut a backoff wait short.
    let wakeup = DispatchSemaphore(value: 0)
    /// Signalled by the network thread when it ends.
    let exited = DispatchSemaphore(value: 0)
    /// The network thread's `pthread_self()` while it runs the sink's `afterPass`, else 0: only
    /// that thread ever stores or finds its own id here, so relaxed ordering is enough.
    private let afterPassThread = Atomic<UInt>(0)
    /// Whether a publish came after the last ``flush()``: a pass that published nothing costs
    /// no system call there.
    private let unflushed = Atomic<Bool>(false)

    /// A configured handle for `options` whose events go to `sink`.
    init(options: MQTTClientOptions, sink: EventSink) throws(MosquittoError) {
        let context = CallbackContext(sink: sink, options: options)
        unsafe self.handle = try makeHandle(options: options, context: context)
        self.context = context
        self.host = options.host
        self.port = Int32(options.port)
        self.keepAlive = Int32(options.keepAlive)
        self.backoff = ReconnectBackoff(minimum: options.reconnectDelayMin, maximum: options.reconnectDelayMax)
    }

    deinit {
        unsafe mosquitto_destroy(handle)
    }

    /// Blocking `mosquitto_connect`: name lookup, TCP connect and TLS setup, then CONNECT queued.
    /// Returns the result code and `errno` right after the call.
    func connect() -> (code: Int32, errno: Int32) {
        let rc = unsafe host.withCString { unsafe mosquitto_connect(handle, $0, port, keepAlive) }
        return (rc, errno)
    }

    /// One `mosquitto_loop` pass: waits up to `timeoutMilliseconds` for the socket or a wake-up,
    /// then reads, writes and keeps alive. Returns the result code and `errno` after the call.
    func loopOnce(timeoutMilliseconds: Int32) -> (code: Int32, errno: Int32) {
        let rc = unsafe mosquitto_loop(handle, timeoutMilliseconds, 1)
        return (rc, errno)
    }

    /// `mosquitto_publish` (which queues the packet); returns the result code, `errno` right
    /// after the call, and the message id. Queued packets leave at ``flush()``, at the end of
    /// `afterPass`, or, from other threads, at the network thread's next pass.
    func publish(_ message: MQTTOutgoing) -> (code: Int32, errno: Int32, mid: Int32) {
        let (code, mid) = unsafe mosquittoPublish(handle, message)
        let capturedErrno = errno
        if code == MosquittoCode.success { unflushed.store(true, ordering: .relaxed) }
        return (code, capturedErrno, mid)
    }

    /// On the network thread in `afterPass`, writes every queued packet now
    /// (`mosquitto_loop_write`; no callback runs there, so no libmosquitto lock is held), corked
    /// (`TCP_CORK`) so that they leave in as few TCP segments as fit: one wake-up of the broker
    /// for a step's messages, not one per message. Elsewhere it does nothing: the network
    /// thread's next pass writes them.
    func flush() {
        guard afterPassThread.load(ordering: .relaxed) == UInt(pthread_self()), context.isConnected,
            unflushed.exchange(false, ordering: .relaxed)
        else { return }
        let socket = unsafe mosquitto_socket(handle)
        guard socket >= 0 else { return }
        var on: Int32 = 1
        var off: Int32 = 0
        let size = socklen_t(MemoryLayout<Int32>.size)
        // A failed setsockopt only costs the coalescing; a failed write closes the socket and the
        // network loop's next pass reports the loss.
        _ = unsafe setsockopt(socket, Int32(IPPROTO_TCP), TCP_CORK, &on, size)
        _ = unsafe mosquitto_loop_write(handle, 1)
        _ = unsafe setsockopt(socket, Int32(IPPROTO_TCP), TCP_CORK, &off, size)
    }

    /// Runs the sink's `afterPass` on the calling (network) thread, marked as such for
    /// ``flush()``, and then writes what it published and did not flush.
    func runAfterPass() {
        afterPassThread.store(UInt(pthread_self()), ordering: .relaxed)
        defer { afterPassThread.store(0, ordering: .relaxed) }
        context.sink.afterPass()
        flush()
    }

    /// Publishes `finalMessage` if connected, lets the network thread disconnect cleanly, and
    /// waits, at most `timeout`, for that thread to end. Ends the event stream.
    func shutDown(finalMessage: MQTTOutgoing?, timeout: Duration) {
        let connected = context.isConnected
        context.beginStop {
            // While connected, DISCONNECT must come from the network thread (see
            // `disconnectCleanly`); queuing any packet wakes it out of `mosquitto_loop`.
            guard connected else { return }
            if let finalMessage {
                let (code, _, mid) = publish(finalMessage)
                if code == MosquittoCode.success {
                    if finalMessage.qos > 0 { context.expectAcknowledgement(of: mid) }
                    return
                }
            }
            // libmosquitto has no call that only wakes its loop. Unsubscribing from a filter this
            // client never subscribed to queues a packet and changes nothing at the broker.
            var mid: Int32 = 0
            let code = unsafe Self.wakeFilter.withCString { unsafe mosquitto_unsubscribe(handle, &mid, $0) }
            if code == MosquittoCode.success { context.expectAcknowledgement(of: mid) }
        }
        if !connected {
            // No session to end cleanly: this stops a connection attempt in progress.
            _ = unsafe mosquitto_disconnect(handle)
        }
        // A thread waiting out a backoff delay.
        wakeup.signal()
        _ = exited.wait(timeout: .now() + dispatchInterval(timeout))
        context.finish()
    }

    /// The topic filter `shutDown` unsubscribes from to wake the network thread.
    private static let wakeFilter = "firepump-mqtt/never-subscribed/stop"

    /// Sends DISCONNECT and everything queued before it, writing only: libmosquitto treats any
    /// packet read after `mosquitto_disconnect` (a PUBACK, SUBACK, message) as a protocol error
    /// and drops the connection without DISCONNECT, so the broker would publish the will.
    /// libmosquitto closes the socket right after DISCONNECT. Returns then, on error, or after
    /// `grace`.
    func disconnectCleanly(grace: Duration) {
        _ = unsafe mosquitto_disconnect(handle)
        let deadline = ContinuousClock.now + grace
        while true {
            let code = unsafe mosquitto_loop_write(handle, 1)
            let socket = unsafe mosquitto_socket(handle)
            guard code == MosquittoCode.success, socket >= 0 else { return }
            let remaining = deadline - .now
            guard remaining > .zero else { return }
            var writable = pollfd(fd: socket, events: Int16(POLLOUT), revents: 0)
            _ = unsafe poll(&writable, 1, milliseconds(remaining))
        }
    }
}

/// `duration` for Dispatch, in whole milliseconds.
func dispatchInterval(_ duration: Duration) -> DispatchTimeInterval {
    .milliseconds(Int(milliseconds(duration)))
}

/// `duration` in whole milliseconds, clamped to what `Int32` holds.
func milliseconds(_ duration: Duration) -> Int32 {
    let (seconds, attoseconds) = duration.components
    let total = seconds * 1000 + attoseconds / 1_000_000_000_000_000
    return Int32(clamping: max(0, total))
}
