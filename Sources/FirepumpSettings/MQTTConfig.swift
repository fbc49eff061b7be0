import FirepumpCore

/// The daemon's MQTT connection and topics: broker, TLS, login, client id, topic names and Home
/// Assistant discovery. Defaults are the reference's (`gpio_trigger`).
public struct MQTTConfig: Sendable, Hashable {
    public var broker = "mqtt_broker"
    public var port = 1883
    public var tls = false
    public var caPath = "/mnt/data/certs/ca.crt"
    public var certPath: String?
    public var keyPath: String?
    public var username: String?
    public var password: String?
    public var clientID: String?
    public var topicPrefix = ""
    public var triggerTopic = "fire/trigger"
    public var emergencyTopic = "fire/emergency"
    public var telemetryTopic = "system/trigger_telemetry"
    /// Home Assistant discovery.
    public var homeAssistant = HomeAssistant()

    public init() {}

    /// A topic with `TOPIC_PREFIX` applied.
    public func prefixed(_ topic: String) -> String {
        Topics.prefixed(topic, topicPrefix)
    }
}

extension Topics {
    /// Every topic of a controller on `host` with these settings.
    public init(_ mqtt: MQTTConfig, host: String) {
        self.init(prefix: mqtt.topicPrefix, trigger: mqtt.triggerTopic, emergency: mqtt.emergencyTopic, telemetry: mqtt.telemetryTopic, host: host)
    }
}

extension WildfireWatchTopics {
    /// wildfire-watch's topics under these settings' `TOPIC_PREFIX`.
    public init(_ mqtt: MQTTConfig) {
        self.init(prefix: mqtt.topicPrefix)
    }
}
