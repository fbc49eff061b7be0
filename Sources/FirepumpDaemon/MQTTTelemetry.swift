import FirepumpMQTT
import FirepumpRuntime
import Logging

/// The controller's publishes through libmosquitto. While the broker is away, or while the client
/// cannot be set up, failures are logged and the pump carries on.
///
/// The client is set up only once the pins and the state machine run (the broker link never
/// delays supervision), so the boot step's events (`recovered_after_restart`, a save failure at
/// start) come before there is a client. They are held, up to ``earlyCapacity`` of them, and
/// published ahead of the first message after the client is set up; libmosquitto then keeps them,
/// at QoS 1, until the connection is up. Retained topics are not held: the controller publishes
/// them all afresh on every connect.
final class MQTTTelemetry: TelemetryTransport {
    /// How many events published before the client exists are held; older ones are dropped first.
    static let earlyCapacity = 64

    private let link: BrokerLink
    private let logger: Logger
    private var early: [MQTTOutgoing] = []
    private var earlyDropped = 0

    /// Publishes through `link`'s client, logging failures to `logger`.
    init(link: BrokerLink, logger: Logger) {
        self.link = link
        self.logger = logger
    }

    func publish(topic: String, payload: [UInt8], retain: Bool) {
        let message = MQTTOutgoing(topic: topic, payload: payload, qos: 1, retain: retain)
        guard let client = link.client else {
            if !retain { hold(message) }
            // The set-up failure is logged, with its retries, by the link.
            logger.debug("not published yet: no MQTT client", metadata: ["mqtt.topic": "\(topic)"])
            return
        }
        if !early.isEmpty { publishHeld(through: client) }
        send(message, through: client)
    }

    func flush() {
        link.client?.flush()
    }

    private func hold(_ message: MQTTOutgoing) {
        if early.count == Self.earlyCapacity {
            early.removeFirst()
            earlyDropped += 1
        }
        early.append(message)
    }

    private func publishHeld(through client: MosquittoClient) {
        if earlyDropped > 0 {
            logger.warning("events from before the MQTT client was set up were dropped", metadata: [
                "mqtt.dropped": "\(earlyDropped)", "mqtt.held": "\(early.count)",
            ])
        }
        for message in early { send(message, through: client) }
        early = []
        earlyDropped = 0
    }

    private func send(_ message: MQTTOutgoing, through client: MosquittoClient) {
        do {
            try client.publish(message)
        } catch {
            logger.warning("publish failed", metadata: ["mqtt.topic": "\(message.topic)", "error": "\(error)"])
        }
    }
}
