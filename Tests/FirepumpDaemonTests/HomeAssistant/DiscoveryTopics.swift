import FirepumpCore
import FirepumpMQTT
import Foundation
import Testing

/// The discovery config topics firepump must use, written out here (not taken from the code
/// under test): `<prefix>/<component>/<node id>/<object id>/config`.
enum DiscoveryTopics {
    /// The pump's own entities, always announced.
    static let pump = [
        "sensor/pump_state", "binary_sensor/engine_running", "binary_sensor/main_valve", "binary_sensor/priming_valve",
        "binary_sensor/refill_valve", "binary_sensor/rpm_reduced", "sensor/current_runtime", "sensor/total_runtime",
        "sensor/last_trigger", "sensor/error_reason", "binary_sensor/problem",
    ]
    /// One per input, announced when it is fitted.
    static let inputs = [
        "reservoir_float", "line_pressure", "flow_sensor", "emergency_button", "reservoir_low", "engine_running",
    ].map { "binary_sensor/input_\($0)" }
    /// Announced with `HA_COMMANDS=true`.
    static let buttons = ["button/start", "button/stop", "button/reset"]

    /// The config topics of `entities` for the controller whose client id is `node`.
    static func topics(_ entities: [String], node: String, prefix: String = "homeassistant") -> [String] {
        entities.map { entity in
            let parts = entity.split(separator: "/")
            return "\(prefix)/\(parts[0])/\(node)/\(parts[1])/config"
        }
    }
}

extension Observer {
    /// The latest message on each of `topics` after `mark`, once every one of them has had one.
    func latest(on topics: [String], after mark: Int, within timeout: Duration = .seconds(10)) async throws -> [String: MQTTMessage] {
        let wanted = Set(topics)
        var found: [String: MQTTMessage] = [:]
        try await waitUntil("messages on \(topics.count) discovery topics", within: timeout, context: {
            "missing: \(wanted.subtracting(found.keys).sorted())"
        }) {
            found = [:]
            for message in await log.messages(after: mark) where wanted.contains(message.topic) { found[message.topic] = message }
            return found.count == wanted.count
        }
        return found
    }

    /// The retained messages a subscriber gets on topics under `prefix` when it subscribes now.
    static func retained(under prefix: String, port: Int) async throws -> [String: MQTTMessage] {
        let late = try await Observer.start(port: port, name: "late")
        defer { late.stop() }
        // Retained messages come before the answer to the probe that `start` waited for.
        let messages = await late.log.messages().filter { $0.topic.hasPrefix(prefix + "/") && $0.retain }
        return Dictionary(messages.map { ($0.topic, $0) }) { _, newer in newer }
    }
}
