import FirepumpCore
import FirepumpSettings
import Testing

/// Issue 8 item 4: the Home Assistant discovery settings.
extension ConfigTests {
    @Test("discovery is on under homeassistant/, buttons off, by default; each setting is read")
    func homeAssistantDefaults() throws {
        let defaults = try DaemonSettings.parse([:]).config.mqtt.homeAssistant
        #expect(defaults.discovery && defaults.prefix == "homeassistant" && !defaults.commands)
        #expect(defaults.statusTopic == "homeassistant/status")
        let set = try DaemonSettings.parse(["HA_DISCOVERY": "off", "HA_DISCOVERY_PREFIX": " site1/ha ", "HA_COMMANDS": "yes"]).config.mqtt.homeAssistant
        #expect(!set.discovery && set.prefix == "site1/ha" && set.commands)
        #expect(set.statusTopic == "site1/ha/status")
    }

    @Test("an invalid discovery setting is refused, naming it", arguments: [
        ("HA_DISCOVERY", "maybe"), ("HA_COMMANDS", "2"), ("HA_DISCOVERY_PREFIX", ""), ("HA_DISCOVERY_PREFIX", "home/#"),
        ("HA_DISCOVERY_PREFIX", "home/+/x"), ("HA_DISCOVERY_PREFIX", "/homeassistant"), ("HA_DISCOVERY_PREFIX", "homeassistant/"),
        ("HA_DISCOVERY_PREFIX", "a//b"), ("HA_DISCOVERY_PREFIX", "$SYS"), ("HA_DISCOVERY_PREFIX", "home\u{0}assistant"),
    ])
    func invalidHomeAssistantSetting(_ key: String, _ value: String) throws {
        let error = try #require(configError([key: value]), "\(key)=\(value)")
        #expect(error.key == key && error.value == value)
    }

    @Test("a discovery prefix whose status topic is firepump's trigger or emergency topic is refused (online would be a trigger)", arguments: [
        (["HA_DISCOVERY_PREFIX": "fire", "TRIGGER_TOPIC": "fire/status"], "TRIGGER_TOPIC"),
        (["HA_DISCOVERY_PREFIX": "site1/fire", "TOPIC_PREFIX": "site1", "EMERGENCY_TOPIC": "fire/status"], "EMERGENCY_TOPIC"),
    ])
    func statusTopicClash(_ settings: [String: String], _ key: String) throws {
        let error = try #require(configError(settings))
        #expect(error.key == "HA_DISCOVERY_PREFIX and \(key)")
    }
}
