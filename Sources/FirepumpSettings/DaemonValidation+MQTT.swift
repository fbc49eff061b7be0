import FirepumpCore

extension DaemonValidation {
    /// Topics, prefix and client id (issue 12 item 2). Each of these broke the pump silently: a
    /// trigger topic equal to the emergency topic turned `{"command":"stop"}` into a start; a
    /// wildcard or an empty level subscribed to nothing useful; an input topic on or below the
    /// telemetry topic made the daemon answer its own telemetry forever.
    static func checkMQTT(_ mqtt: MQTTConfig) throws(ConfigError) {
        if !mqtt.topicPrefix.isEmpty, let rule = MQTTNameRules.topicProblem(mqtt.topicPrefix) {
            throw ConfigError(key: "TOPIC_PREFIX", value: mqtt.topicPrefix, rule: rule)
        }
        let topics = [("TRIGGER_TOPIC", mqtt.triggerTopic), ("EMERGENCY_TOPIC", mqtt.emergencyTopic), ("TELEMETRY_TOPIC", mqtt.telemetryTopic)]
        for (key, topic) in topics {
            if let rule = MQTTNameRules.topicProblem(topic) { throw ConfigError(key: key, value: topic, rule: rule) }
            if mqtt.prefixed(topic).utf8.count > MQTTNameRules.maximumBytes {
                throw ConfigError(key: key, value: topic, rule: "with TOPIC_PREFIX must be at most \(MQTTNameRules.maximumBytes) bytes of UTF-8")
            }
        }
        if mqtt.triggerTopic == mqtt.emergencyTopic {
            throw ConfigError(
                key: "TRIGGER_TOPIC and EMERGENCY_TOPIC", value: mqtt.triggerTopic,
                rule: "must differ (every command on the shared topic would also be a trigger: a stop would start the pump)")
        }
        let telemetry = mqtt.telemetryTopic
        for (key, topic) in topics.prefix(2) where topic == telemetry || topic.hasPrefix(telemetry + "/") {
            throw ConfigError(
                key: "TELEMETRY_TOPIC and \(key)", value: topic,
                rule: "an input topic must not be the telemetry topic or below it (<telemetry>/<host>/lwt, /state): the daemon would read its own telemetry")
        }
        try checkWildfireWatchTopics(mqtt)
        if let clientID = mqtt.clientID, let rule = MQTTNameRules.textProblem(clientID) {
            throw ConfigError(key: "MQTT_CLIENT_ID", value: clientID, rule: rule)
        }
    }
}
