import FirepumpCore
import FirepumpSettings
import Testing

/// Issue 12 item 2: settings that silently disabled the pump, and item 8's small ones.
extension ConfigTests {
    @Test("a trigger topic equal to the emergency topic is refused, naming both (a stop would start the pump)", arguments: [
        ["TRIGGER_TOPIC": "fire/emergency"], ["EMERGENCY_TOPIC": "fire/trigger"], ["TRIGGER_TOPIC": "a/b", "EMERGENCY_TOPIC": "a/b"],
    ])
    func triggerEqualsEmergency(_ settings: [String: String]) throws {
        let error = try #require(configError(settings))
        #expect(error.key == "TRIGGER_TOPIC and EMERGENCY_TOPIC")
        #expect(error.rule.contains("must differ"))
    }

    @Test("topics with wildcards, a $ start or empty levels are refused, naming the setting", arguments: [
        "TRIGGER_TOPIC", "EMERGENCY_TOPIC", "TELEMETRY_TOPIC",
    ], ["fire/#", "#", "+", "fire/+/x", "fire+x", "a//b", "/fire", "fire/", "/", "$SYS/x"])
    func unusableTopic(_ key: String, _ topic: String) throws {
        let error = try #require(configError([key: topic]), "\(key)=\(topic)")
        #expect(error.key == key && error.value == topic)
    }

    @Test("a topic with a control character or a U+FFFD (bytes that were not UTF-8) is refused", arguments: [
        "fire\u{0}trigger", "fire\u{1B}trigger", "fire\u{7F}", "fire/\u{FFFD}",
    ])
    func topicText(_ topic: String) throws {
        let error = try #require(configError(["TRIGGER_TOPIC": topic]))
        #expect(error.key == "TRIGGER_TOPIC")
    }

    @Test("a topic over 65535 bytes with its prefix is refused")
    func topicLength() throws {
        let error = try #require(configError(["TOPIC_PREFIX": String(repeating: "p", count: 65_530), "TRIGGER_TOPIC": "fire/t"]))
        #expect(error.key == "TRIGGER_TOPIC" && error.rule.contains("65535"))
    }

    @Test("an input topic on or below the telemetry topic is refused (the daemon would answer its own telemetry)", arguments: [
        (["TELEMETRY_TOPIC": "fire/trigger"], "TRIGGER_TOPIC"),
        (["TELEMETRY_TOPIC": "fire/emergency"], "EMERGENCY_TOPIC"),
        (["TELEMETRY_TOPIC": "fire", "TRIGGER_TOPIC": "fire/pump1/state"], "TRIGGER_TOPIC"),
        (["TELEMETRY_TOPIC": "fire", "TRIGGER_TOPIC": "pump/trigger", "EMERGENCY_TOPIC": "fire/pump1/lwt"], "EMERGENCY_TOPIC"),
    ])
    func inputUnderTelemetry(_ settings: [String: String], _ input: String) throws {
        let error = try #require(configError(settings))
        #expect(error.key == "TELEMETRY_TOPIC and \(input)")
    }

    @Test("topics that only share a beginning are accepted")
    func neighbouringTopics() {
        #expect(configError(["TELEMETRY_TOPIC": "fire/trig", "TRIGGER_TOPIC": "fire/trigger"]) == nil)
        #expect(configError(["TELEMETRY_TOPIC": "fire/trigger/telemetry"]) == nil)
        #expect(configError(["TOPIC_PREFIX": "site 1/pumps", "TRIGGER_TOPIC": "fire/trigger"]) == nil)
    }

    @Test("a topic prefix with wildcards or empty levels is refused", arguments: ["#", "site/+", "site/", "/site", "a//b", "$share"])
    func unusablePrefix(_ prefix: String) throws {
        let error = try #require(configError(["TOPIC_PREFIX": prefix]))
        #expect(error.key == "TOPIC_PREFIX" && error.value == prefix)
    }

    @Test("MQTT_CLIENT_ID: up to 65535 bytes of UTF-8 without control characters")
    func clientID() throws {
        #expect(configError(["MQTT_CLIENT_ID": String(repeating: "x", count: 65_535)]) == nil)
        #expect(configError(["MQTT_CLIENT_ID": "firepump-a-rather-long-host-name-0123abcd"]) == nil, "over 23 bytes: accepted (mosquitto does)")
        for id in [String(repeating: "x", count: 65_536), "pump\u{0}1", "pump\u{FFFD}", "pump\u{7}"] {
            let error = try #require(configError(["MQTT_CLIENT_ID": id]), "\(id.utf8.count) bytes")
            #expect(error.key == "MQTT_CLIENT_ID")
        }
    }

    @Test("pins written 00, -0, +18 or with a leading zero are refused", arguments: ["MAIN_VALVE_PIN", "FLOW_SENSOR_PIN"], ["00", "-0", "+18", "018", "+0", "0x12", "1_8", "١٨"])
    func pinSpelling(_ key: String, _ value: String) throws {
        let error = try #require(configError([key: value]), "\(key)=\(value)")
        #expect(error.key == key && error.value == value)
    }

    @Test("pins written as plain numbers are accepted", arguments: [("MAIN_VALVE_PIN", "0"), ("MAIN_VALVE_PIN", " 5 "), ("FLOW_SENSOR_PIN", "53")])
    func pinPlain(_ key: String, _ value: String) {
        #expect(configError([key: value]) == nil)
    }

    @Test("a value with a newline gives a one-line error, its value escaped")
    func oneLineError() throws {
        let error = try #require(configError(["MAX_ENGINE_RUNTIME": "60\n\"x\"\\\u{1B}"]))
        #expect(!error.description.contains("\n"))
        #expect(error.description == #"MAX_ENGINE_RUNTIME="60\n\"x\"\\\u{1B}": must be a number"#)
        let topic = try #require(configError(["TRIGGER_TOPIC": "fire/\r\ntrigger"]))
        #expect(!topic.description.contains("\n") && !topic.description.contains("\r"))
    }

    @Test("optional text settings must be one line; the password's error does not show it")
    func optionalTextOneLine() throws {
        let user = try #require(configError(["MQTT_USERNAME": "pump\nroot"]))
        #expect(user.key == "MQTT_USERNAME" && user.rule == "must be one line")
        let password = try #require(configError(["MQTT_PASSWORD": "hunter2\nhunter3"]))
        #expect(password.key == "MQTT_PASSWORD")
        #expect(!password.description.contains("hunter"))
    }

    @Test("only the password is a secret, printed masked when set")
    func secrets() throws {
        #expect(DaemonSettings.all.filter(\.isSecret).map(\.name) == ["MQTT_PASSWORD"])
        let password = try #require(DaemonSettings.named("MQTT_PASSWORD"))
        let config = try DaemonSettings.parse(["MQTT_USERNAME": "u", "MQTT_PASSWORD": "hunter2"]).config
        #expect(password.printableValue(config) == Secret.masked)
        #expect(password.printableValue(DaemonConfig()) == "")
    }

    @Test("TOPIC_PREFIX (or its alias MQTT_TOPIC_PREFIX) applies to every topic, availability and state included")
    func prefixEverywhere() throws {
        let topics = Topics(try DaemonSettings.parse(["TOPIC_PREFIX": "site1"]).config.mqtt, host: "pump-pi")
        #expect(topics.trigger == "site1/fire/trigger")
        #expect(topics.availability == "site1/system/trigger_telemetry/pump-pi/lwt")
        #expect(topics.wildfireWatch.emergencyStop == "site1/gpio/emergency/stop")
        let legacy = Topics(try DaemonSettings.parse(["MQTT_TOPIC_PREFIX": "site2", "TRIGGER_TOPIC": "t"]).config.mqtt, host: "h")
        #expect(legacy.trigger == "site2/t")
        #expect(legacy.availability == "site2/system/trigger_telemetry/h/lwt")
    }
}
