import FirepumpCore
import FirepumpSettings
import Testing

/// Issue 8: the configurable topics must keep clear of wildfire-watch's fixed ones.
extension ConfigTests {
    @Test("an input topic on one of wildfire-watch's fixed topics is refused, naming the setting", arguments: [
        "TRIGGER_TOPIC", "EMERGENCY_TOPIC",
    ], ["gpio/emergency/stop", "gpio/status", "system/gpio_trigger/health", "system/gpio_trigger/lwt"])
    func inputOnFixedTopic(_ key: String, _ topic: String) throws {
        let error = try #require(configError([key: topic]), "\(key)=\(topic)")
        #expect(error.key == key && error.value == topic)
        #expect(error.rule.contains("wildfire-watch"))
    }

    @Test("telemetry on gpio/emergency/stop is refused: every event would stop the pump")
    func telemetryOnStopTopic() throws {
        let error = try #require(configError(["TELEMETRY_TOPIC": "gpio/emergency/stop"]))
        #expect(error.key == "TELEMETRY_TOPIC" && error.rule.contains("emergency stop"))
        #expect(configError(["TELEMETRY_TOPIC": "gpio/emergency"]) == nil, "a neighbour of the stop topic is fine")
        #expect(configError(["TELEMETRY_TOPIC": "system/gpio_trigger"]) == nil)
    }
}
