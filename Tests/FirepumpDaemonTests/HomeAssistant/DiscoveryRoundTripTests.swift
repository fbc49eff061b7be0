import FirepumpCore
import FirepumpDaemon
import FirepumpMQTT
import FirepumpSettings
import FirepumpTestSupport
import Foundation
import Testing

/// Issue 8 item 4 on a real mosquitto with the real executable (`firepump run --mock`): what a
/// Home Assistant subscribed to `homeassistant/#` gets, what it gets again after it says
/// `online`, and what its buttons do.
@Suite("Home Assistant discovery on a real broker", .timeLimit(.minutes(1)))
struct DiscoveryRoundTripTests {
    /// The child's topics: it names itself after this machine.
    static let topics = Topics(MQTTConfig(), host: hostName())

    @Test("the executable announces every entity, retained; its templates read the state and LWT it publishes; it announces again on homeassistant/status online; its buttons start, stop and reset the pump")
    func roundTrip() async throws {
        let settings = ["HA_COMMANDS": "true", "RESERVOIR_FLOAT_PIN": "5", "LINE_PRESSURE_PIN": "6"]
        try await withBroker { broker, observer in
            try await withMockFirepump(port: broker.port, settings: settings) { child, clientID in
                let announced = DiscoveryTopics.topics(
                    DiscoveryTopics.pump + DiscoveryTopics.inputs.prefix(2) + DiscoveryTopics.buttons, node: clientID)
                let cleared = DiscoveryTopics.topics(Array(DiscoveryTopics.inputs.dropFirst(2)), node: clientID)
                let first = try await observer.latest(on: announced + cleared, after: 0, within: .seconds(15))
                for topic in cleared {
                    #expect(first[topic]?.payload.isEmpty == true, "\(topic) not cleared")
                }
                let state = try #require(try await observer.message(on: Self.topics.state, where: "state", is: "IDLE", after: 0).json)
                let lwt = try #require(try await observer.message(on: Self.topics.availability, where: "status", is: "online", after: 0).json)
                let version = try await runFirepump(["--version"], environment: [:]).output.split(whereSeparator: \.isNewline).first.map(String.init)
                var configs: [String: JSONValue] = [:]
                for topic in announced {
                    let config = try #require(first[topic]?.json, "\(topic): not JSON")
                    try expectUsable(config, topic: topic, state: state, lwt: lwt)
                    #expect(config["device"]?["sw_version"]?.stringValue == version, "\(topic)")
                    #expect(config["device"]?["identifiers"] == .array([.string(clientID)]), "\(topic)")
                    configs[topic] = config
                }
                let uniqueIDs = Set(configs.values.compactMap { $0["unique_id"]?.stringValue })
                #expect(uniqueIDs.count == announced.count)

                // Retained: a Home Assistant that subscribes later gets them all, and none of the cleared.
                let retained = try await Observer.retained(under: "homeassistant", port: broker.port)
                #expect(Set(retained.keys) == Set(announced), "\(retained.keys.sorted())")
                for topic in announced {
                    #expect(retained[topic]?.payload == first[topic]?.payload, "\(topic)")
                }

                // Home Assistant restarted: everything again, the same.
                let restart = await observer.log.mark
                try observer.publish("homeassistant/status", "online")
                let again = try await observer.latest(on: announced + cleared, after: restart)
                for topic in announced + cleared {
                    #expect(again[topic]?.payload == first[topic]?.payload, "\(topic)")
                }

                // The buttons, pressed as Home Assistant presses them.
                for (button, state) in [("start", "PRIMING"), ("stop", "LOCKOUT"), ("reset", "IDLE")] {
                    let config = try #require(configs["homeassistant/button/\(clientID)/\(button)/config"])
                    let mark = await observer.log.mark
                    try observer.publish(
                        try #require(config["command_topic"]?.stringValue), try #require(config["payload_press"]?.stringValue),
                        retain: config["retain"] == .bool(true))
                    try await observer.message(on: Self.topics.state, where: "state", is: state, after: mark)
                }
                #expect(child.isRunning, "\(child.output)")
            }
        }
    }

    /// `config` is a discovery config Home Assistant can use with firepump's payloads: a unique
    /// id, availability from the LWT whose template reads `lwt`, a state topic whose templates
    /// render against `state` (or, for a button, the emergency topic).
    private func expectUsable(_ config: JSONValue, topic: String, state: JSONValue, lwt: JSONValue) throws {
        #expect(config["unique_id"]?.stringValue?.isEmpty == false, "\(topic)")
        let availability = try #require(config["availability"]?.arrayItems.first, "\(topic)")
        #expect(availability["topic"]?.stringValue == Self.topics.availability, "\(topic)")
        let available = try JinjaSubset.render(try #require(availability["value_template"]?.stringValue), value: lwt)
        #expect(available == availability["payload_available"]?.stringValue, "\(topic)")
        guard !topic.contains("/button/") else {
            #expect(config["command_topic"]?.stringValue == Self.topics.emergency, "\(topic)")
            return
        }
        #expect(config["state_topic"]?.stringValue == Self.topics.state, "\(topic)")
        _ = try JinjaSubset.render(try #require(config["value_template"]?.stringValue, "\(topic)"), value: state)
        if let attributes = config["json_attributes_template"]?.stringValue {
            _ = try JinjaSubset.render(attributes, value: state)
        }
    }
}
