import Synchronization

/// An MQTT 3.1.1 client over libmosquitto that keeps itself connected.
///
/// Create it, take `events` (or give a handler to `init(options:onEvent:)`), call `start()`, and
/// `stop(finalMessage:)` when done. A dedicated network thread connects, re-subscribes and
/// publishes the birth message on every connect, and after any failure retries forever with a
/// doubling delay (`reconnectDelayMin` up to `reconnectDelayMax`). A broker that is down,
/// unreachable, refusing or failing TLS never stops the retries; each failed attempt is
/// reported as `.connectionFailed`.
///
/// ```swift
/// let client = try MosquittoClient(options: options)
/// let events = client.events
/// try client.start()
/// for await event in events { ... }
/// ```
public final class MosquittoClient: Sendable {
    /// Connection changes and delivered messages, in order. It has a single consumer, buffers
    /// without limit until read, and finishes when `stop` returns. Empty and already finished
    /// for a client made with `init(options:onEvent:)`, whose events go to the handler.
    public let events: AsyncStream<MQTTClientEvent>
    private let session: Session
    private let lifecycle = Mutex(Lifecycle.created)

    /// How long `stop` waits for the network thread to deliver the final message, send
    /// DISCONNECT and end.
    private static let stopTimeout: Duration = .seconds(4)

    /// Validates `options` and sets up the libmosquitto handle: MQTT 3.1.1, credentials, TLS
    /// (CA, optional client certificate, broker certificate always verified) and the will.
    /// Nothing is sent until `start()`. Events are buffered in `events`.
    public init(options: MQTTClientOptions) throws(MosquittoError) {
        try MosquittoLibrary.ensureInitialized()
        try options.validate()
        let (stream, continuation) = AsyncStream.makeStream(of: MQTTClientEvent.self, bufferingPolicy: .unbounded)
        self.events = stream
        self.session = try Session(
            options: options, sink: EventSink(emit: { continuation.yield($0) }, finish: { continuation.finish() }))
    }

    /// The same, with every event handed to `onEvent` on the network thread as it happens, in
    /// order, with no queue in between: for a consumer that queues it itself (the daemon's
    /// controller loop), this saves a thread hand-off per message. `onEvent` must not block; it
    /// runs inside libmosquitto's callbacks, so it must not call `stop` (which waits for that thread).
    ///
    /// `afterPass` runs on the network thread after each pass of its loop (a wait for the socket
    /// and what it brought), outside the callbacks: there the consumer may handle what `onEvent`
    /// queued, and what it publishes is written to the socket at once, so a reply leaves with no
    /// thread hand-off. It must not call `stop` either.
    public init(
        options: MQTTClientOptions, onEvent: @escaping @Sendable (MQTTClientEvent) -> Void, afterPass: @escaping @Sendable () -> Void = {}
    ) throws(MosquittoError) {
        try MosquittoLibrary.ensureInitialized()
        try options.validate()
        let (stream, continuation) = AsyncStream.makeStream(of: MQTTClientEvent.self)
        continuation.finish()
        self.events = stream
        self.session = try Session(options: options, sink: EventSink(emit: onEvent, finish: {}, afterPass: afterPass))
    }

    deinit {
        stop(finalMessage: nil)
    }

    /// True between `.connected` and the next `.disconnected`.
    public var isConnected: Bool { session.context.isConnected }

    /// Starts the network thread, which connects and keeps reconnecting. Returns at once; the
    /// outcome arrives as events. Calling it again while running does nothing; after `stop` it
    /// throws.
    public func start() throws(MosquittoError) {
        try lifecycle.withLock { (state: inout Lifecycle) throws(MosquittoError) in
            switch state {
            case .running:
                return
            case .stopped:
                throw .invalidArgument("start", "the client was stopped; create a new one")
            case .created:
                try startNetworkThread(session)
                state = .running
            }
        }
    }

    /// Publishes `message`.
    ///
    /// Connected: the message is queued for the network thread and this returns at once; called
    /// from the network thread's `afterPass`, the message is written to the socket first.
    /// Not connected (before the first connect, or between connections): a QoS 1 or 2 message
    /// stays in libmosquitto's outgoing queue, in memory and without limit, and is sent after
    /// the next successful connect (it is lost if the process exits first); a QoS 0 message is
    /// dropped and this throws `MOSQ_ERR_NO_CONN` (4). Also throws for an invalid message or
    /// once stopped.
    public func publish(_ message: MQTTOutgoing) throws(MosquittoError) {
        guard lifecycle.withLock({ $0 }) != .stopped else {
            throw MosquittoError(
                operation: "mosquitto_publish", code: MosquittoCode.noConnection,
                message: libraryErrorText(MosquittoCode.noConnection), detail: "the client was stopped")
        }
        try validateOutgoing(message, operation: "mosquitto_publish", role: "message")
        let (code, capturedErrno, _) = session.publish(message)
        if code == MosquittoCode.success || (code == MosquittoCode.noConnection && message.qos > 0) {
            return
        }
        throw MosquittoError(operation: "mosquitto_publish", code: code, capturedErrno: capturedErrno)
    }

    /// Sends what ``publish(_:)`` queued now, in as few TCP segments as fit, when called on the
    /// network thread during the sink's `afterPass`; elsewhere the network thread sends it on its
    /// next pass (woken by the publish), and this does nothing.
    public func flush() {
        session.flush()
    }

    /// Publishes `finalMessage` if connected (e.g. a retained "offline", which the broker keeps
    /// instead of the will), disconnects cleanly, ends the network thread and finishes `events`.
    /// Waits, up to 2 seconds, for the broker to acknowledge the final message, so that nothing
    /// is in flight when the socket closes; in all up to 4 seconds. Idempotent; also run on deinit.
    public func stop(finalMessage: MQTTOutgoing? = nil) {
        let previous = lifecycle.withLock { state in
            defer { state = .stopped }
            return state
        }
        switch previous {
        case .stopped:
            return
        case .created:
            session.context.finish()
        case .running:
            let message = finalMessage.flatMap { message in
                (try? validateOutgoing(message, operation: "stop", role: "final message")).map { message }
            }
            session.shutDown(finalMessage: message, timeout: Self.stopTimeout)
        }
    }
}

/// Where a client is in its life.
private enum Lifecycle: Sendable {
    case created, running, stopped
}
