import FirepumpCore

extension DaemonValidation {
    /// The discovery prefix names concrete topics (`<prefix>/<component>/.../config`) and one that
    /// firepump subscribes to (`<prefix>/status`), so it follows the topic rules; and that status
    /// topic must not be one of firepump's input topics, or Home Assistant's `online` would be
    /// read as a trigger or a command.
    static func checkHomeAssistant(_ mqtt: MQTTConfig) throws(ConfigError) {
        let prefix = mqtt.homeAssistant.prefix
        if let rule = MQTTNameRules.topicProblem(prefix) {
            throw ConfigError(key: "HA_DISCOVERY_PREFIX", value: prefix, rule: rule)
        }
        let status = mqtt.homeAssistant.statusTopic
        for (key, topic) in [("TRIGGER_TOPIC", mqtt.triggerTopic), ("EMERGENCY_TOPIC", mqtt.emergencyTopic)] where mqtt.prefixed(topic) == status {
            throw ConfigError(
                key: "HA_DISCOVERY_PREFIX and \(key)", value: prefix,
                rule: "<prefix>/status is Home Assistant's status topic and must not be firepump's \(key)")
        }
    }
}
