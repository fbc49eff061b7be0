import FirepumpCore

extension TimelineEntry {
    /// The `--format jsonl` line (the fixed contract of `docs/simulation.md`).
    public var jsonLine: String {
        let time = JSONValue.Member("t", .number((t * 1000).rounded() / 1000))
        let members: [JSONValue.Member]
        switch kind {
        case .state(let from, let to):
            members = [time, .init("event", "state"), .init("from", .string(from.rawValue)), .init("to", .string(to.rawValue))]
        case .pin(let line, let output, let on, let level):
            members = [time, .init("event", "pin"), .init("pin", .number(Double(line))), .init("role", .string(output.rawValue)),
                       .init("on", .bool(on)), .init("level", .number(Double(level)))]
        case .publish(let topic, let retain, let payload):
            members = [time, .init("event", "publish"), .init("topic", .string(topic)), .init("retain", .bool(retain)), .init("payload", payload)]
        case .end(let phase, let outputs):
            members = [time, .init("event", "end"), .init("state", .string(phase.rawValue)),
                       .init("outputs", .object(Output.allCases.map { .init($0.rawValue, .bool(outputs[$0])) }))]
        }
        return JSONValue.object(members).serialized
    }

    /// The `--format text` line: time, kind, then what happened, aligned in columns.
    public var textLine: String {
        // Wide enough for 99 hours, so a 20-hour refill keeps the columns aligned.
        let clock = Self.clock(t)
        let time = String(repeating: " ", count: max(0, 12 - clock.count)) + clock
        switch kind {
        case .state(let from, let to):
            return "\(time)  STATE    \(from.rawValue) -> \(to.rawValue)"
        case .pin(let line, let output, let on, let level):
            return "\(time)  PIN      \(pad(output.rawValue, 15)) \(on ? "ON " : "off")  (GPIO \(line) level \(level))"
        case .publish(let topic, let retain, let payload):
            let what = payload["action"]?.stringValue ?? payload["state"]?.stringValue ?? payload["troubles"].map(Self.troubles)
                ?? payload.stringValue ?? payload.serialized
            return "\(time)  PUBLISH  \(pad(what, 32)) \(topic)\(retain ? " (retained)" : "")"
        case .end(let phase, let outputs):
            let on = Output.allCases.filter { outputs[$0] }.map(\.rawValue)
            return "\(time)  END      \(phase.rawValue), outputs on: \(on.isEmpty ? "none" : on.joined(separator: ", "))"
        }
    }

    /// The retained trouble list in words: `troubles: none`, or each trouble with its subject.
    static func troubles(_ list: JSONValue) -> String {
        guard case .array(let items) = list, !items.isEmpty else { return "troubles: none" }
        let names = items.map { item in
            (item["trouble"]?.stringValue ?? "?") + (item["subject"]?.stringValue.map { ":\($0)" } ?? "")
        }
        return "troubles: " + names.joined(separator: ", ")
    }

    /// `h:mm:ss.mmm` for people.
    static func clock(_ seconds: Double) -> String {
        let millis = Int((seconds * 1000).rounded())
        let h = millis / 3_600_000, m = millis / 60_000 % 60, s = millis / 1000 % 60, ms = millis % 1000
        return "\(h):\(m < 10 ? "0" : "")\(m):\(s < 10 ? "0" : "")\(s).\(String(repeating: "0", count: 3 - String(ms).count))\(ms)"
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
