import FirepumpCore
import FirepumpMQTT
import Logging
import Synchronization

/// The daemon's MQTT client, set up after the pins and the state machine run, and set up again
/// every `retryInterval` while that fails (a CA file that vanished, an option libmosquitto
/// refuses): the broker link never stops pump supervision (issue 12 item 3). With it, and set up
/// and stopped together, a companion client that only carries a second will (see
/// ``MQTTSettings/serviceAvailabilityOptions(_:topics:)``).
final class BrokerLink: Sendable {
    private let options: MQTTClientOptions
    private let companionOptions: MQTTClientOptions?
    private let retryInterval: Double
    private let onEvent: @Sendable (MQTTClientEvent) -> Void
    private let afterPass: @Sendable () -> Void
    private let logger: Logger
    private let state = Mutex(SetUp())

    /// A link that will connect with `options` and hand every client event to `onEvent` on the
    /// network thread, and call `afterPass` there after each pass of its loop (see
    /// ``MosquittoClient/init(options:onEvent:afterPass:)``); with `companion`, a second client
    /// whose events are only logged.
    init(
        options: MQTTClientOptions, companion: MQTTClientOptions? = nil, retryInterval: Duration, logger: Logger,
        onEvent: @escaping @Sendable (MQTTClientEvent) -> Void, afterPass: @escaping @Sendable () -> Void = {}
    ) {
        self.options = options
        self.companionOptions = companion
        self.retryInterval = retryInterval.inSeconds
        self.onEvent = onEvent
        self.afterPass = afterPass
        self.logger = logger
    }

    /// The client, once set up and started.
    var client: MosquittoClient? { state.withLock { $0.client } }

    /// Sets up and starts the client unless it runs, has been stopped, or the last attempt was
    /// less than `retryInterval` ago. Returns when to be called again (nil: no need).
    func setUpIfDue(at now: Instant) -> Instant? {
        let (next, abandoned): (Instant?, MosquittoClient?) = state.withLock { state in
            guard state.client == nil, !state.stopped else { return (nil, nil) }
            if let next = state.nextAttempt, now < next { return (next, nil) }
            var started: MosquittoClient?
            do {
                let client = try MosquittoClient(options: options, onEvent: onEvent, afterPass: afterPass)
                let companion = try companionOptions.map { options throws(MosquittoError) in
                    let log = CompanionLog(clientID: options.clientID, logger: logger) { [client] in client.isConnected }
                    return try MosquittoClient(options: options, onEvent: log.record)
                }
                try client.start()
                started = client
                try companion?.start()
                state.client = client
                state.companion = companion
                if state.failures > 0 {
                    logger.notice("MQTT client set up", metadata: ["mqtt.failed_attempts": "\(state.failures)"])
                }
                return (nil, nil)
            } catch {
                state.failures += 1
                state.nextAttempt = now + retryInterval
                logger.error(
                    "cannot set up the MQTT client; the pump runs without the broker, retrying",
                    metadata: ["error": "\(error)", "mqtt.retry_in_seconds": "\(retryInterval)", "mqtt.failed_attempts": "\(state.failures)"])
                return (state.nextAttempt, started)
            }
        }
        // Not left running without its companion: its birth would stand with no will behind it.
        // Stopped outside the lock: its network thread may be handling a message and publishing
        // through ``client``, which takes the lock.
        abandoned?.stop(finalMessage: options.will)
        return next
    }

    /// Stops the client (publishing `finalMessage` first if connected), then the companion
    /// (publishing its will's message itself), and any further set-up.
    func stop(finalMessage: MQTTOutgoing) {
        let (client, companion) = state.withLock { state in
            state.stopped = true
            return (state.client, state.companion)
        }
        client?.stop(finalMessage: finalMessage)
        companion?.stop(finalMessage: companionOptions?.will)
    }

    private struct SetUp {
        var client: MosquittoClient?
        var companion: MosquittoClient?
        var nextAttempt: Instant?
        var failures = 0
        var stopped = false
    }
}

extension Duration {
    /// This duration as fractional seconds.
    var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
