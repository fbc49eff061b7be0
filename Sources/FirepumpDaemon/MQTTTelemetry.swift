import FirepumpMQTT
import FirepumpRuntime
import Logging

/// The controller's publishes through libmosquitto. While the broker is away, failures are
/// logged and the pump carries on.
public final class MQTTTelemetry: TelemetryTransport {
    private let client: MosquittoClient
    private let logger: Logger

    /// Publishes through `client`, logging failures to `logger`.
    public init(client: MosquittoClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    public func publish(topic: String, payload: [UInt8], retain: Bool) {
        do {
            try client.publish(MQTTOutgoing(topic: topic, payload: payload, qos: 1, retain: retain))
        } catch {
            logger.warning("publish failed", metadata: ["mqtt.topic": "\(topic)", "error": "\(error)"])
        }
    }
}
