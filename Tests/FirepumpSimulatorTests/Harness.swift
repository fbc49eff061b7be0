import FirepumpCore
import FirepumpSimulator
import Testing

/// Builds a scenario file's JSON text in code, so each test reads like the scenario it runs.
struct ScenarioBuilder {
    var config: [(String, JSONValue)] = []
    var duration: Double
    var events: [JSONValue] = []

    init(duration: Double, config: [(String, JSONValue)] = []) {
        self.duration = duration
        self.config = config
    }

    /// `fire/trigger` with the consensus payload.
    mutating func trigger(at t: Double) {
        mqtt(at: t, topic: "fire/trigger", payload: #"{"action":"trigger"}"#)
    }

    /// Triggers every `period` seconds from `from` up to and including `through`.
    mutating func triggers(from: Double, every period: Double, through: Double) {
        var t = from
        while t <= through {
            trigger(at: t)
            t += period
        }
    }

    /// A `fire/emergency` command, e.g. `stop`, `reset`, `start`.
    mutating func emergency(at t: Double, _ payload: String) {
        mqtt(at: t, topic: "fire/emergency", payload: payload)
    }

    mutating func mqtt(at t: Double, topic: String, payload: String, retain: Bool? = nil) {
        var message: [JSONValue.Member] = [.init("topic", .string(topic)), .init("payload", .string(payload))]
        if let retain { message.append(.init("retain", .bool(retain))) }
        events.append(.object([.init("at", .number(t)), .init("mqtt", .object(message))]))
    }

    /// The electrical level now on an input pin.
    mutating func input(at t: Double, pin: Int, level: Int) {
        events.append(.object([
            .init("at", .number(t)),
            .init("input", .object([.init("pin", .number(Double(pin))), .init("level", .number(Double(level)))])),
        ]))
    }

    /// kill -9 and start again.
    mutating func restart(at t: Double) {
        events.append(.object([.init("at", .number(t)), .init("restart", .bool(true))]))
    }

    mutating func reboot(at t: Double) {
        events.append(.object([.init("at", .number(t)), .init("reboot", .bool(true))]))
    }

    var json: String {
        var members: [JSONValue.Member] = []
        if !config.isEmpty { members.append(.init("config", .object(config.map { .init($0.0, $0.1) }))) }
        members.append(.init("duration", .number(duration)))
        members.append(.init("events", .array(events)))
        return JSONValue.object(members).serialized
    }

    /// Decodes, resolves and runs the scenario through the library, like `firepump simulate` does.
    func run(sourceLocation: SourceLocation = #_sourceLocation) throws -> Timeline {
        try Timeline.run(json: json, sourceLocation: sourceLocation)
    }
}

/// The outcome of a simulation, with the queries the tests need.
struct Timeline {
    let entries: [TimelineEntry]
    let inputSamples: [InputSample]
    let config: PumpConfig
    let topics: Topics
    let scenario: Scenario

    static func run(json: String, fileSettings: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation) throws -> Timeline {
        let scenario = try Scenario.decode(Array(json.utf8))
        let (settings, _) = try scenario.resolveConfig(fileSettings: fileSettings)
        let simulation = Simulation(scenario: scenario, settings: settings)
        let entries = try simulation.run()
        return Timeline(
            entries: entries, inputSamples: simulation.inputSamples, config: simulation.config, topics: simulation.topics, scenario: scenario)
    }

    /// A readable line per entry (for failure messages): `t kind what`.
    struct Line: Equatable, CustomStringConvertible {
        var t: Double
        var text: String
        var description: String { "\(ms(t)) \(text)" }
    }

    /// Pin, state and telemetry-event lines (health reports and the retained state topic left
    /// out), in timeline order. Pins read `pin main_valve on`, states `state IDLE>PRIMING`,
    /// events `event pump_sequence_start`.
    var lines: [Line] {
        entries.compactMap { entry in
            switch entry.kind {
            case .pin(_, let output, let on, _): Line(t: entry.t, text: "pin \(output.rawValue) \(on ? "on" : "off")")
            case .state(let from, let to): Line(t: entry.t, text: "state \(from.rawValue)>\(to.rawValue)")
            case .publish(let topic, _, let payload):
                if topic != "system/trigger_telemetry" { nil }
                else if let action = payload["action"]?.stringValue, action != "health_report" { Line(t: entry.t, text: "event \(action)") }
                else { nil }
            case .end: nil
            }
        }
    }

    /// The lines at one instant (to the millisecond).
    func lines(at t: Double) -> [String] { lines.filter { ms($0.t) == ms(t) }.map(\.text) }

    /// The lines within `from...to`.
    func lines(from: Double, to: Double) -> [Line] { lines.filter { $0.t >= from - 0.0005 && $0.t <= to + 0.0005 } }

    /// Every change of one output: (t, on).
    func pin(_ output: Output) -> [Change] {
        entries.compactMap { entry in
            guard case .pin(_, let changed, let on, _) = entry.kind, changed == output else { return nil }
            return Change(t: ms(entry.t), on: on)
        }
    }

    struct Change: Equatable, CustomStringConvertible {
        var t: Double
        var on: Bool
        var description: String { "\(t):\(on ? "on" : "off")" }
    }

    /// Every pin line: (t, role, on, electrical level, line).
    var pinLines: [(t: Double, output: Output, on: Bool, level: Int, line: Int)] {
        entries.compactMap { entry in
            guard case .pin(let line, let output, let on, let level) = entry.kind else { return nil }
            return (entry.t, output, on, level, line)
        }
    }

    /// State changes: (t, to).
    var states: [StateChange] {
        entries.compactMap { entry in
            guard case .state(let from, let to) = entry.kind else { return nil }
            return StateChange(t: ms(entry.t), from: from, to: to)
        }
    }

    struct StateChange: Equatable, CustomStringConvertible {
        var t: Double
        var from: Phase
        var to: Phase
        var description: String { "\(t):\(from.rawValue)>\(to.rawValue)" }
    }

    /// Telemetry events (not health reports): (t, action, payload).
    var events: [(t: Double, action: String, payload: JSONValue)] {
        entries.compactMap { entry in
            guard case .publish(let topic, _, let payload) = entry.kind, topic == "system/trigger_telemetry",
                  let action = payload["action"]?.stringValue, action != "health_report" else { return nil }
            return (ms(entry.t), action, payload)
        }
    }

    /// The instants at which an event was published.
    func times(of action: String) -> [Double] { events.filter { $0.action == action }.map(\.t) }

    /// The first event with that action.
    func event(_ action: String) -> (t: Double, action: String, payload: JSONValue)? { events.first { $0.action == action } }

    /// The phase at instant `t` (after everything that happened at `t`).
    func phase(at t: Double) -> Phase {
        states.last { $0.t <= ms(t) }?.to ?? .idle
    }

    /// Whether an output is on at instant `t` (after everything that happened at `t`).
    func isOn(_ output: Output, at t: Double) -> Bool {
        pin(output).last { $0.t <= ms(t) }?.on ?? false
    }

    /// Input levels as the diagram sees them: `t role level`.
    var samples: [String] { inputSamples.map { "\(ms($0.t)) \($0.role.rawValue) \($0.level)" } }

    /// The final `end` line.
    var end: (t: Double, phase: Phase, outputs: OutputLevels)? {
        guard let last = entries.last, case .end(let phase, let outputs) = last.kind else { return nil }
        return (last.t, phase, outputs)
    }

    /// The jsonl text, as `firepump simulate` prints it.
    var jsonl: [String] { entries.map(\.jsonLine) }
}

/// Milliseconds precision, as in the timeline's `t`.
func ms(_ t: Double) -> Double { (t * 1000).rounded() / 1000 }

/// The scenario error a JSON text gives, if any.
func scenarioError(_ json: String, fileSettings: [String: String] = [:]) -> ScenarioError? {
    do throws(ScenarioError) {
        let scenario = try Scenario.decode(Array(json.utf8))
        _ = try scenario.resolveConfig(fileSettings: fileSettings)
        return nil
    } catch {
        return error
    }
}

extension Timeline: CustomTestStringConvertible {
    /// Keeps failure messages short: the readable lines, not every payload.
    var testDescription: String { "timeline of \(entries.count) entries:\n" + lines.map(\.description).joined(separator: "\n") }
}
