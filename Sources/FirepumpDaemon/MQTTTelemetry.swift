import FirepumpMQTT
import FirepumpRuntime
import Logging

/// The controller's publishes through libmosquitto. While the broker is away, or while the client
/// cannot be set up, failures are logged and the pump carries on.
final class MQTTTelemetry: TelemetryTransport {
    private let link: BrokerLink
    private let logger: Logger

    /// Publishes through `link`'s client, logging failures to `logger`.
    init(link: BrokerLink, logger: Logger) {
        self.link = link
        self.logger = logger
    }

    func publish(topic: String, payload: [UInt8], retain: Bool) {
        guard let client = link.client else {
            // The set-up failure is logged, with its retries, by the link.
            logger.debug("not published: no MQTT client", metadata: ["mqtt.topic": "\(topic)"])
            return
        }
        do {
            try client.publish(MQTTOutgoing(topic: topic, payload: payload, qos: 1, retain: retain))
        } catch {
            logger.warning("publish failed", metadata: ["mqtt.topic": "\(topic)", "error": "\(error)"])
        }
    }
}
