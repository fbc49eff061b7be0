import FirepumpCore
import FirepumpMQTT
import FirepumpRuntime
import FirepumpSettings

/// How the daemon's settings become the MQTT client's options (target §8).
public enum MQTTSettings {
    /// The two payload statuses of the availability topic.
    public enum Availability: String, Sendable { case online, offline }

    /// Persistent session with a stable client id (`MQTT_CLIENT_ID`, else
    /// ``defaultClientID(host:machineID:)``), QoS 1 subscriptions (trigger, emergency,
    /// `gpio/emergency/stop` and, with `HA_DISCOVERY`, Home Assistant's status topic) re-made on
    /// every (re)connect, a retained `online` birth and
    /// `offline` will on the availability topic.
    public static func options(_ mqtt: MQTTConfig, host: String, machineID: String?, topics: Topics) -> MQTTClientOptions {
        var options = MQTTClientOptions(host: mqtt.broker, port: mqtt.port, clientID: clientID(mqtt, host: host, machineID: machineID))
        options.cleanSession = false
        options.username = mqtt.username
        options.password = mqtt.password
        if mqtt.tls {
            options.tls = MQTTTLSOptions(caFile: mqtt.caPath, certFile: mqtt.certPath, keyFile: mqtt.keyPath)
        }
        options.will = availability(.offline, host: host, topic: topics.availability)
        options.birth = { availability(.online, host: host, topic: topics.availability) }
        options.subscriptions = [topics.trigger, topics.emergency, topics.wildfireWatch.emergencyStop].map { MQTTSubscription(topic: $0, qos: 1) }
        if mqtt.homeAssistant.discovery {
            // Home Assistant's `online` after it starts: the cue to announce again.
            options.subscriptions.append(MQTTSubscription(topic: mqtt.homeAssistant.statusTopic, qos: 1))
        }
        return options
    }

    /// The client id: `MQTT_CLIENT_ID`, else ``defaultClientID(host:machineID:)``.
    public static func clientID(_ mqtt: MQTTConfig, host: String, machineID: String?) -> String {
        mqtt.clientID ?? defaultClientID(host: host, machineID: machineID)
    }

    /// The client id when `MQTT_CLIENT_ID` is not set: `firepump-<host>-<first 8 hex digits of
    /// the machine id>`, or `firepump-<host>` without a machine id. Two controllers cloned with
    /// the same host name then still get two sessions; with one id they would take the session
    /// from each other on every reconnect (issue 12 item 8). The id is stable across restarts,
    /// as the persistent session needs.
    public static func defaultClientID(host: String, machineID: String?) -> String {
        guard let machineID, !machineID.isEmpty else { return "firepump-\(host)" }
        return "firepump-\(host)-\(machineID.prefix(8))"
    }

    /// The reference's LWT payload `{host, status, timestamp}`, retained at QoS 1.
    public static func availability(_ status: Availability, host: String, topic: String) -> MQTTOutgoing {
        let payload = JSONValue.object([
            .init("host", .string(host)), .init("status", .string(status.rawValue)),
            .init("timestamp", .string(iso8601(epochSeconds: wallClock()))),
        ])
        return MQTTOutgoing(topic: topic, payload: payload.serializedBytes, qos: 1, retain: true)
    }
}
