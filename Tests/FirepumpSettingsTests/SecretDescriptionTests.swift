import FirepumpCore
import FirepumpSettings
import Testing

/// Issue 12 item 7: a configuration printed, dumped or interpolated does not carry the password.
@Suite("The MQTT password in descriptions")
struct SecretDescriptionTests {
    @Test("description, debugDescription, dump and an enclosing value's description mask the password")
    func masked() throws {
        let config = try DaemonSettings.parse(["MQTT_USERNAME": "pump", "MQTT_PASSWORD": "hunter2"]).config
        var dumped = ""
        dump(config, to: &dumped)
        for text in ["\(config.mqtt)", String(reflecting: config.mqtt), "\(config)", String(reflecting: config), dumped] {
            #expect(!text.contains("hunter2"), "\(text)")
            #expect(text.contains("pump"), "the rest is still there: \(text)")
        }
        #expect("\(config.mqtt)".contains(Secret.masked))
    }
}
