import FirepumpCore
import FirepumpDaemon
import FirepumpMQTT
import FirepumpSettings
import FirepumpTestSupport
import Foundation
import Testing

/// Issue 12 item 8: the default client id is unique per machine, so two controllers cloned with
/// one host name do not take one MQTT session from each other.
@Suite("The default MQTT client id")
struct ClientIDTests {
    static let machineID = "0123456789abcdef0123456789abcdef"

    @Test("firepump-<host>-<first 8 hex of the machine id>, else firepump-<host>")
    func defaultID() {
        #expect(MQTTSettings.defaultClientID(host: "pump", machineID: Self.machineID) == "firepump-pump-01234567")
        #expect(MQTTSettings.defaultClientID(host: "pump", machineID: nil) == "firepump-pump")
    }

    @Test("two machines with one host name get two ids; MQTT_CLIENT_ID wins over the default")
    func options() throws {
        let config = DaemonConfig()
        let topics = Topics(config.mqtt, host: "pump")
        let first = MQTTSettings.options(config.mqtt, host: "pump", machineID: Self.machineID, topics: topics)
        let second = MQTTSettings.options(config.mqtt, host: "pump", machineID: "fedcba9876543210fedcba9876543210", topics: topics)
        #expect(first.clientID != second.clientID)
        let named = try DaemonSettings.parse(["MQTT_CLIENT_ID": "pump-7"]).config
        #expect(MQTTSettings.options(named.mqtt, host: "pump", machineID: Self.machineID, topics: topics).clientID == "pump-7")
    }

    @Test("the machine id file is read as systemd writes it; anything else is no id", arguments: [
        ("0123456789ABCDEF0123456789abcdef\n", "0123456789abcdef0123456789abcdef"),
        ("0123456789abcdef0123456789abcdef", "0123456789abcdef0123456789abcdef"),
        ("", nil), ("uninitialized\n", nil), ("0123456789abcdef\n", nil), ("0123456789abcdef0123456789abcdeg\n", nil),
    ] as [(String, String?)])
    func machineIDFile(_ content: String, _ expected: String?) throws {
        let directory = try TemporaryDirectory(prefix: "machine-id")
        let path = directory.path + "/machine-id"
        try content.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(readMachineID(path: path) == expected)
        #expect(readMachineID(path: directory.path + "/missing") == nil)
    }
}
