import FirepumpCore

extension DaemonValidation {
    /// The configurable topics against wildfire-watch's fixed ones (``WildfireWatchTopics``): an
    /// input topic on one of the retained outputs would read the daemon's own output, one on
    /// `gpio/emergency/stop` would make a stop also a trigger or a command, and telemetry on it
    /// would make every event an emergency stop.
    static func checkWildfireWatchTopics(_ mqtt: MQTTConfig) throws(ConfigError) {
        let unprefixed = WildfireWatchTopics(MQTTConfig())
        for (key, topic) in [("TRIGGER_TOPIC", mqtt.triggerTopic), ("EMERGENCY_TOPIC", mqtt.emergencyTopic)] where unprefixed.all.contains(topic) {
            throw ConfigError(key: key, value: topic, rule: "must not be one of wildfire-watch's fixed topics (\(unprefixed.all.joined(separator: ", ")))")
        }
        if mqtt.telemetryTopic == unprefixed.emergencyStop {
            throw ConfigError(key: "TELEMETRY_TOPIC", value: mqtt.telemetryTopic, rule: "must not be \(unprefixed.emergencyStop): every event would be an emergency stop")
        }
    }
}
