import FirepumpCore
import FirepumpMQTT
import FirepumpRuntime
import Logging

/// How the daemon's settings become the MQTT client's options (target §8).
enum MQTTSettings {
    enum Availability: String { case online, offline }

    /// Persistent session with a stable client id, QoS 1 subscriptions re-made on every
    /// (re)connect, a retained `online` birth and `offline` will on the availability topic.
    static func options(_ mqtt: PumpConfig.MQTT, host: String, topics: Topics) -> MQTTClientOptions {
        var options = MQTTClientOptions(host: mqtt.broker, port: mqtt.port, clientID: mqtt.clientID ?? "firepump-\(host)")
        options.cleanSession = false
        options.username = mqtt.username
        options.password = mqtt.password
        if mqtt.tls {
            options.tls = MQTTTLSOptions(caFile: mqtt.caPath, certFile: mqtt.certPath, keyFile: mqtt.keyPath)
        }
        options.will = availability(.offline, host: host, topic: topics.availability)
        options.birth = availability(.online, host: host, topic: topics.availability)
        options.subscriptions = [MQTTSubscription(topic: topics.trigger, qos: 1), MQTTSubscription(topic: topics.emergency, qos: 1)]
        return options
    }

    /// The reference's LWT payload `{host, status, timestamp}`, retained at QoS 1.
    static func availability(_ status: Availability, host: String, topic: String) -> MQTTOutgoing {
        let payload = JSONValue.object([
            .init("host", .string(host)), .init("status", .string(status.rawValue)),
            .init("timestamp", .string(iso8601(epochSeconds: wallClock()))),
        ])
        return MQTTOutgoing(topic: topic, payload: Array(payload.serialized.utf8), qos: 1, retain: true)
    }
}

/// The controller's publishes through libmosquitto. While the broker is away, failures are
/// logged and the pump carries on.
final class MQTTTelemetry: TelemetryTransport {
    let client: MosquittoClient
    let logger: Logger

    init(client: MosquittoClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    func publish(topic: String, payload: [UInt8], retain: Bool) {
        do {
            try client.publish(MQTTOutgoing(topic: topic, payload: payload, qos: 1, retain: retain))
        } catch {
            logger.warning("publish failed", metadata: ["mqtt.topic": "\(topic)", "error": "\(error)"])
        }
    }
}
