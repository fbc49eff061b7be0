import FirepumpCore
import FirepumpMQTT
import FirepumpSettings
import FirepumpTestSupport
import Foundation
import Testing

/// Issue 8 item 4: what the settings change on the broker. An input taken out and the buttons
/// turned off disappear from Home Assistant; `HA_DISCOVERY=false` leaves the prefix alone;
/// `HA_DISCOVERY_PREFIX` moves everything, the status topic included.
@Suite("Home Assistant discovery settings on a real broker", .timeLimit(.minutes(1)))
struct DiscoveryChoiceTests {
    @Test("restarted without the flow sensor and without HA_COMMANDS: their configs are cleared, the rest stays retained")
    func unfittedAndCommandsOffAreCleared() async throws {
        let clientID = "firepump-ha-\(UUID().uuidString.prefix(8).lowercased())"
        let flowAndButtons = DiscoveryTopics.topics([DiscoveryTopics.inputs[2]] + DiscoveryTopics.buttons, node: clientID)
        try await withBroker { broker, observer in
            try await withDaemon(port: broker.port, settings: ["MQTT_CLIENT_ID": clientID, "FLOW_SENSOR_PIN": "12", "HA_COMMANDS": "true"]) { _ in
                let announced = try await observer.latest(on: flowAndButtons, after: 0)
                #expect(announced.values.allSatisfy { !$0.payload.isEmpty })
            }
            #expect(Set(try await Observer.retained(under: "homeassistant", port: broker.port).keys).isSuperset(of: flowAndButtons))

            let restart = await observer.log.mark
            try await withDaemon(port: broker.port, settings: ["MQTT_CLIENT_ID": clientID]) { _ in
                let cleared = try await observer.latest(on: flowAndButtons, after: restart)
                #expect(cleared.values.allSatisfy { $0.payload.isEmpty && $0.qos == 1 }, "\(cleared.mapValues(\.payload))")
                let retained = try await Observer.retained(under: "homeassistant", port: broker.port)
                #expect(Set(retained.keys) == Set(DiscoveryTopics.topics(DiscoveryTopics.pump, node: clientID)), "\(retained.keys.sorted())")
            }
        }
    }

    @Test("HA_DISCOVERY=false: nothing is published under the prefix, not even a clearing, also after homeassistant/status online")
    func discoveryOff() async throws {
        try await withBroker { broker, observer in
            let clientID = "firepump-ha-\(UUID().uuidString.prefix(8).lowercased())"
            // Another tool's config for the same node: firepump must leave it alone.
            let foreign = DiscoveryTopics.topics(["button/start"], node: clientID)[0]
            try observer.publish(foreign, #"{"name":"someone else's"}"#, retain: true)
            try await withDaemon(port: broker.port, settings: ["MQTT_CLIENT_ID": clientID, "HA_DISCOVERY": "false"]) { daemon in
                try await observer.event("mqtt_connected", on: daemon.topics.telemetry, after: 0)
                try observer.publish("homeassistant/status", "online")
                // Handled in order on the network thread: once the trigger shows, the status was read.
                try observer.publish(daemon.topics.trigger, #"{"action":"trigger"}"#)
                try await observer.message(on: daemon.topics.state, where: "state", is: "PRIMING", after: 0)
                let underPrefix = await observer.log.messages().filter { $0.topic.hasPrefix("homeassistant/") }.map(\.topic)
                #expect(underPrefix == [foreign, "homeassistant/status"], "\(underPrefix)")
            }
            let retained = try await Observer.retained(under: "homeassistant", port: broker.port)
            #expect(retained[foreign].map { String(decoding: $0.payload, as: UTF8.self) } == #"{"name":"someone else's"}"#)
        }
    }

    @Test("HA_DISCOVERY_PREFIX: the configs and the status topic move there; homeassistant/ is left alone")
    func ownPrefix() async throws {
        try await withBroker { broker, observer in
            try await withDaemon(port: broker.port, settings: ["HA_DISCOVERY_PREFIX": "site1/ha"]) { daemon in
                let clientID = daemon.config.mqtt.clientID ?? ""
                let topics = DiscoveryTopics.topics(DiscoveryTopics.pump, node: clientID, prefix: "site1/ha")
                let first = try await observer.latest(on: topics, after: 0)
                let mark = await observer.log.mark
                try observer.publish("homeassistant/status", "online")
                try observer.publish("site1/ha/status", "offline")
                try observer.publish("site1/ha/status", " online\n")
                let again = try await observer.latest(on: topics, after: mark)
                #expect(topics.allSatisfy { again[$0]?.payload == first[$0]?.payload })
                let announcements = await observer.log.messages(after: mark).filter { $0.topic == topics[0] }
                #expect(announcements.count == 1, "announced once, for the one online on its own prefix")
                let elsewhere = await observer.log.messages().filter { $0.topic.hasPrefix("homeassistant/") }.map(\.topic)
                #expect(elsewhere == ["homeassistant/status"], "\(elsewhere)")
            }
        }
    }

    @Test("an invalid discovery setting stops check-config and run with exit status 2, naming it", arguments: [
        ("HA_DISCOVERY_PREFIX", "homeassistant/#"), ("HA_DISCOVERY", "sometimes"), ("HA_COMMANDS", "please"),
    ])
    func invalidSettingExits2(_ key: String, _ value: String) async throws {
        let directory = try TemporaryDirectory(prefix: "ha-settings")
        for arguments in [["check-config"], ["run", "--mock", "--state-file", directory.path + "/state.json"]] {
            // At debug, so that a pin touched would show as a `mock pin changed` line.
            let result = try await runFirepump(arguments, environment: [key: value, "MQTT_CLIENT_ID": "pump-1", "LOG_LEVEL": "debug"])
            #expect(result.ending == .exited(2), "\(arguments): \(result.output)")
            #expect(result.output.contains(key), "\(arguments): \(result.output)")
            #expect(!result.output.contains("mock pin changed"), "pins touched:\n\(result.output)")
        }
    }
}
