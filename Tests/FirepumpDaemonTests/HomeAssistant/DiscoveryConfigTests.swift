@testable import FirepumpDaemon
import FirepumpCore
import FirepumpSettings
import FirepumpMQTT
import Testing

/// Issue 8 item 4: the discovery configs, checked without a broker against the payloads the
/// controller publishes.
@Suite("Home Assistant discovery configs")
struct DiscoveryConfigTests {
    static let clientID = "firepump-pump-pi-0123abcd"

    static func discovery(_ settings: [String: String]) throws -> HomeAssistantDiscovery {
        let config = try DaemonSettings.parse(settings).config
        return HomeAssistantDiscovery(config: config, topics: Topics(config.mqtt, host: "pump-pi"), clientID: clientID, host: "pump-pi")
    }

    /// Each announced config, parsed from the bytes that would be published.
    static func configs(_ discovery: HomeAssistantDiscovery) throws -> [(topic: String, json: JSONValue)] {
        try discovery.messages.filter { !$0.payload.isEmpty }.map { ($0.topic, try JSONReader.parse($0.payload)) }
    }

    @Test("every config is retained JSON with a unique id, the device, the LWT as availability, and a state or command topic")
    func configShape() throws {
        let discovery = try Self.discovery(CapturedStates.allInputs.merging(["HA_COMMANDS": "true"]) { a, _ in a })
        let topics = Topics(MQTTConfig(), host: "pump-pi")
        let configs = try Self.configs(discovery)
        #expect(configs.count == 11 + 6 + 3)
        #expect(discovery.messages.allSatisfy { $0.retain && $0.qos == 1 })
        var uniqueIDs: Set<String> = []
        for (topic, json) in configs {
            let uniqueID = try #require(json["unique_id"]?.stringValue, "\(topic)")
            #expect(uniqueIDs.insert(uniqueID).inserted, "unique_id \(uniqueID) twice")
            #expect(topic.hasPrefix("homeassistant/") && topic.hasSuffix("/\(uniqueID.dropFirst(Self.clientID.count + 1))/config"), "\(topic)")
            #expect(json["name"]?.stringValue?.isEmpty == false, "\(topic)")
            let device = try #require(json["device"], "\(topic)")
            #expect(device["identifiers"] == .array([.string(Self.clientID)]))
            #expect(device["sw_version"]?.stringValue == FirepumpVersion.current)
            #expect(device["name"]?.stringValue == "Fire pump pump-pi")
            #expect(device["model"]?.stringValue != nil && device["manufacturer"]?.stringValue != nil)
            guard case .array(let availability) = json["availability"] ?? .null, availability.count == 1 else {
                Issue.record("\(topic): no availability list")
                continue
            }
            #expect(availability[0]["topic"]?.stringValue == topics.availability)
            if topic.hasPrefix("homeassistant/button/") {
                #expect(json["command_topic"]?.stringValue == topics.emergency, "\(topic)")
                #expect(json["retain"] == .bool(false), "\(topic): a retained command is refused")
                #expect(json["state_topic"] == nil)
            } else {
                #expect(json["state_topic"]?.stringValue == topics.state, "\(topic)")
            }
        }
    }

    @Test("every template renders, against the state payloads the controller publishes, to a value its entity accepts")
    func templatesRenderAgainstPublishedStates() throws {
        let situations: [(settings: [String: String], phases: Set<String>)] = [
            (CapturedStates.allInputs, ["IDLE", "PRIMING", "STARTING", "ERROR", "LOCKOUT"]),
            (["RESERVOIR_FLOAT_PIN": "5"], ["IDLE", "PRIMING", "STARTING", "RUNNING", "STOPPING", "LOCKOUT"]),
        ]
        for (settings, expectedPhases) in situations {
            let states = try CapturedStates.payloads(settings)
            let phases = Set(states.compactMap { $0["state"]?.stringValue })
            #expect(phases.isSuperset(of: expectedPhases), "\(phases)")
            let discovery = try Self.discovery(settings)
            var rendered: [String: Set<String>] = [:]
            for (topic, json) in try Self.configs(discovery) {
                for state in states {
                    let value = try JinjaSubset.render(try #require(json["value_template"]?.stringValue), value: state)
                    try expectAccepted(value, by: json, topic: topic)
                    rendered[topic, default: []].insert(value)
                    if let attributes = json["json_attributes_template"]?.stringValue {
                        _ = try JinjaSubset.render(attributes, value: state)
                    }
                }
            }
            // The captures cover what the entities must be able to show.
            #expect(rendered["homeassistant/binary_sensor/\(Self.clientID)/problem/config"] == ["True", "False"], "\(phases)")
            let lastTrigger = rendered["homeassistant/sensor/\(Self.clientID)/last_trigger/config"] ?? []
            #expect(lastTrigger.contains("None") && lastTrigger.count > 1, "\(lastTrigger)")
            if phases.contains("RUNNING") {
                // Published again while the engine runs (every HEALTH_INTERVAL), so the runtime moves.
                #expect((rendered["homeassistant/sensor/\(Self.clientID)/current_runtime/config"] ?? []).count > 2)
            }
        }
        let withFeedback = Set(try CapturedStates.payloads(CapturedStates.allInputs).compactMap { $0["error_reason"]?.stringValue })
        #expect(withFeedback == ["fail to start"])
    }

    @Test("the availability template reads the status of the LWT firepump publishes")
    func availabilityTemplate() throws {
        let discovery = try Self.discovery([:])
        let config = try #require(try Self.configs(discovery).first?.json)
        let template = try #require(config["availability"]?.arrayItems.first?["value_template"]?.stringValue)
        for status in [MQTTSettings.Availability.online, .offline] {
            let lwt = try JSONReader.parse(MQTTSettings.availability(status, host: "pump-pi", topic: discovery.availabilityTopic).payload)
            #expect(try JinjaSubset.render(template, value: lwt) == status.rawValue)
        }
    }

    @Test("an input that is not fitted and the buttons without HA_COMMANDS get an empty retained config")
    func withdrawn() throws {
        let discovery = try Self.discovery(["FLOW_SENSOR_PIN": "12"])
        let cleared = discovery.messages.filter(\.payload.isEmpty).map(\.topic)
        let node = "homeassistant/binary_sensor/\(Self.clientID)"
        #expect(Set(cleared) == Set(
            ["reservoir_float", "line_pressure", "emergency_button", "reservoir_low", "engine_running",
             "battery_low", "charger_fault", "low_oil_pressure", "high_engine_temp", "overspeed", "low_fuel"].map { "\(node)/input_\($0)/config" }
            + ["start", "stop", "reset"].map { "homeassistant/button/\(Self.clientID)/\($0)/config" }))
        #expect(discovery.messages.contains { $0.topic == "\(node)/input_flow_sensor/config" && !$0.payload.isEmpty })
        let commands = try Self.discovery(["HA_COMMANDS": "true"])
        #expect(commands.messages.filter { $0.topic.contains("/button/") }.allSatisfy { !$0.payload.isEmpty })
    }

    @Test("the node id keeps letters, digits, _ and -; the rest becomes _")
    func nodeID() throws {
        let config = DaemonConfig()
        let discovery = HomeAssistantDiscovery(
            config: config, topics: Topics(config.mqtt, host: "h"), clientID: "pump 1/ü.x_y-Z9", host: "h")
        #expect(discovery.nodeID == "pump_1___x_y-Z9")
        #expect(discovery.messages.allSatisfy { $0.topic.split(separator: "/").count == 5 })
    }

    /// Fails unless `value` is one the entity of `config` accepts.
    private func expectAccepted(_ value: String, by config: JSONValue, topic: String) throws {
        if topic.contains("/binary_sensor/") {
            let payloads = [config["payload_on"]?.stringValue, config["payload_off"]?.stringValue].compactMap { $0 }
            #expect(payloads.count == 2 && payloads.contains(value), "\(topic): \(value)")
            return
        }
        switch config["device_class"]?.stringValue {
        case "enum":
            let options = (config["options"]?.arrayItems ?? []).compactMap(\.stringValue)
            #expect(options.contains(value), "\(topic): \(value) not in \(options)")
        case "duration":
            #expect(Double(value).map { $0 >= 0 } == true, "\(topic): \(value)")
        case "timestamp":
            #expect(value == "None" || iso8601Date(value) != nil, "\(topic): \(value)")
        default:
            Issue.record("\(topic): no check for this sensor")
        }
    }
}

extension JSONValue {
    /// The items of an array (empty for anything else).
    var arrayItems: [JSONValue] {
        if case .array(let items) = self { return items }
        return []
    }
}

/// The renderer the checks above rely on fails where Home Assistant would show nothing useful.
@Suite("the Jinja subset used to check the templates")
struct JinjaSubsetTests {
    static let payload: JSONValue = .object([
        .init("state", "ERROR"), .init("error_reason", .null), .init("system_state", .object([.init("engine_on", false), .init("current_runtime", 187.1)])),
    ])

    @Test("renders values as Python prints them", arguments: [
        ("{{ value_json.state }}", "ERROR"), ("{{ value_json.system_state.engine_on }}", "False"),
        ("{{ value_json.error_reason }}", "None"), ("{{ value_json.system_state.current_runtime }}", "187.1"),
        ("{{ value_json.error_reason or 'none' }}", "none"), ("{{ value_json.state in ['ERROR', 'LOCKOUT'] }}", "True"),
        ("{{ value_json.state in ['IDLE'] }}", "False"),
    ])
    func renders(_ template: String, _ expected: String) throws {
        #expect(try JinjaSubset.render(template, value: Self.payload) == expected)
    }

    @Test("a key the payload does not have, or a shape it does not know, throws", arguments: [
        "{{ value_json.status }}", "{{ value_json.system_state.rpm_reduced }}", "{{ value_json.system_state }}",
        "{{ value_json.state | lower }}", "{% if value_json.state %}on{% endif %}", "value_json.state",
    ])
    func refuses(_ template: String) {
        #expect(throws: JinjaSubset.Failure.self) { try JinjaSubset.render(template, value: Self.payload) }
    }
}
