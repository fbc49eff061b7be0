import FirepumpCore

extension Scenario {
    /// Reads a scenario file's bytes. Every problem names the field, e.g. `events[2].input.level`.
    public static func decode(_ bytes: [UInt8]) throws(ScenarioError) -> Scenario {
        let json: JSONValue
        do {
            json = try JSONReader.parse(bytes)
        } catch {
            throw ScenarioError(field: "", problem: "not valid JSON: \(error)")
        }
        guard case .object(let members) = json else { throw ScenarioError(field: "", problem: "must be a JSON object") }
        try rejectUnknown(members, allowed: ["config", "duration", "events", "wallclock"], at: "")
        return Scenario(
            config: try decodeConfig(json["config"]),
            duration: try number(json["duration"], at: "duration", required: true, minimum: 0),
            events: try decodeEvents(json["events"]),
            clock: try decodeClock(json["wallclock"]))
    }

    private static func decodeClock(_ value: JSONValue?) throws(ScenarioError) -> ScenarioClock {
        guard let value else { return .standard }
        guard let text = value.stringValue, let clock = ScenarioClock(iso8601: text) else {
            throw ScenarioError(field: "wallclock", problem: "must be a local date and time with its UTC offset, such as \"2026-11-29T09:58:00-08:00\"")
        }
        return clock
    }

    private static func decodeConfig(_ value: JSONValue?) throws(ScenarioError) -> [String: String] {
        guard let value else { return [:] }
        guard case .object(let members) = value else { throw ScenarioError(field: "config", problem: "must be an object") }
        var config: [String: String] = [:]
        for member in members {
            switch member.value {
            case .string(let text): config[member.key] = text
            case .number(let number): config[member.key] = JSONValue.number(number).serialized
            case .bool(let flag): config[member.key] = flag ? "true" : "false"
            default: throw ScenarioError(field: "config.\(member.key)", problem: "must be a number, boolean or string")
            }
        }
        return config
    }

    private static func decodeEvents(_ value: JSONValue?) throws(ScenarioError) -> [Event] {
        guard let value else { return [] }
        guard case .array(let items) = value else { throw ScenarioError(field: "events", problem: "must be an array") }
        var events: [Event] = []
        for (index, item) in items.enumerated() {
            let field = "events[\(index)]"
            guard case .object(let members) = item else { throw ScenarioError(field: field, problem: "must be an object") }
            try rejectUnknown(members, allowed: ["at", "mqtt", "input", "restart", "reboot"], at: field)
            let at = try number(item["at"], at: "\(field).at", required: true, minimum: 0)
            let kinds = members.filter { $0.key != "at" }
            guard kinds.count == 1, let kind = kinds.first else {
                throw ScenarioError(field: field, problem: "must have exactly one of mqtt, input, restart, reboot")
            }
            events.append(Event(at: at, happening: try happening(kind.key, kind.value, at: "\(field).\(kind.key)"), index: index))
        }
        // A stable sort: equal instants keep file order.
        return events.sorted { ($0.at, $0.index) < ($1.at, $1.index) }
    }

    private static func happening(_ kind: String, _ value: JSONValue, at field: String) throws(ScenarioError) -> Happening {
        switch kind {
        case "mqtt":
            guard case .object(let members) = value else { throw ScenarioError(field: field, problem: "must be an object") }
            try rejectUnknown(members, allowed: ["topic", "payload", "retain"], at: field)
            guard let topic = value["topic"]?.stringValue, !topic.isEmpty else {
                throw ScenarioError(field: "\(field).topic", problem: "must be a non-empty string")
            }
            guard let payload = value["payload"]?.stringValue else {
                throw ScenarioError(field: "\(field).payload", problem: "must be a string (the raw payload text)")
            }
            var retain = false
            switch value["retain"] {
            case nil: break
            case .bool(let flag): retain = flag
            default: throw ScenarioError(field: "\(field).retain", problem: "must be true or false")
            }
            return .mqtt(topic: topic, payload: payload, retain: retain)
        case "input":
            guard case .object(let members) = value else { throw ScenarioError(field: field, problem: "must be an object") }
            try rejectUnknown(members, allowed: ["pin", "level"], at: field)
            let pin = try number(value["pin"], at: "\(field).pin", required: true, minimum: 0)
            guard pin == pin.rounded(), pin <= 53 else { throw ScenarioError(field: "\(field).pin", problem: "must be a GPIO line number from 0 to 53") }
            let level = try number(value["level"], at: "\(field).level", required: true, minimum: 0)
            guard level == 0 || level == 1 else { throw ScenarioError(field: "\(field).level", problem: "must be 0 or 1") }
            return .input(pin: Int(pin), level: Int(level))
        default:
            guard value == .bool(true) else { throw ScenarioError(field: field, problem: "must be true") }
            return kind == "reboot" ? .reboot : .restart
        }
    }

    private static func number(_ value: JSONValue?, at field: String, required: Bool, minimum: Double) throws(ScenarioError) -> Double {
        guard let value else { throw ScenarioError(field: field, problem: "is required") }
        guard case .number(let number) = value else { throw ScenarioError(field: field, problem: "must be a number") }
        guard number >= minimum else { throw ScenarioError(field: field, problem: "must be at least \(JSONValue.number(minimum).serialized)") }
        return number
    }

    private static func rejectUnknown(_ members: [JSONValue.Member], allowed: Set<String>, at field: String) throws(ScenarioError) {
        if let unknown = members.first(where: { !allowed.contains($0.key) }) {
            let path = field.isEmpty ? unknown.key : "\(field).\(unknown.key)"
            throw ScenarioError(field: path, problem: "unknown field (expected one of \(allowed.sorted().joined(separator: ", ")))")
        }
    }
}
