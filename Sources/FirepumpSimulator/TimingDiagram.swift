import FirepumpCore

/// A timing diagram of a simulation as SVG: state bands on top, then the scenario's messages
/// and restarts, one lane per output (logical on/off, shaded while on) and per fitted input
/// (electrical level), a time axis with a grid, and a legend of the states shown.
public struct TimingDiagram {
    let timeline: [TimelineEntry]
    let inputs: [InputSample]
    let config: PumpConfig
    let duration: Double
    let events: [Scenario.Event]
    /// The phases in time order, each with the instant it began and ended.
    private let spans: [(phase: Phase, from: Double, to: Double)]
    /// The message markers' colours: fire triggers orange, operator commands purple.
    private let markerColors: [(topic: String, color: String)]

    /// - Parameter topics: the simulated controller's topics, to colour the scenario's messages.
    public init(
        timeline: [TimelineEntry], inputs: [InputSample], config: PumpConfig, topics: Topics, duration: Double, events: [Scenario.Event] = []
    ) {
        self.timeline = timeline
        self.inputs = inputs
        self.config = config
        self.duration = duration
        self.events = events.filter { $0.at <= duration }
        var starts: [(Phase, Double)] = [(.idle, 0)]
        for entry in timeline {
            if case .state(_, let to) = entry.kind { starts.append((to, entry.t)) }
        }
        self.spans = starts.enumerated().map { index, start in
            (start.0, start.1, index + 1 < starts.count ? starts[index + 1].1 : duration)
        }
        self.markerColors = [(topics.trigger, "#e67e22"), (topics.emergency, "#8e44ad"), (topics.wildfireWatch.emergencyStop, "#8e44ad")]
    }

    private let left = 200.0, plotWidth = 1000.0, laneHeight = 30.0, top = 20.0

    private func x(_ t: Double) -> Double { left + (duration > 0 ? t / duration : 0) * plotWidth }

    private func num(_ value: Double) -> String { JSONValue.number((value * 10).rounded() / 10).serialized }

    /// The SVG document.
    public var svg: String {
        let inputRoles = InputRole.allCases.filter { config.isFitted($0) }
        var body = stateBands()
        var laneTop = top + laneHeight
        if !events.isEmpty {
            body += messageLane(top: laneTop)
            laneTop += laneHeight
        }
        let lanesTop = laneTop
        for output in Output.allCases {
            let changes = timeline.compactMap { entry -> (Double, Bool)? in
                guard case .pin(_, let changed, let on, _) = entry.kind, changed == output else { return nil }
                return (entry.t, on)
            }
            let pin = config.outputs[output]
            body += lane(label: output.rawValue, detail: "GPIO \(pin.line)\(pin.activeLow ? " (active-low)" : ""), shaded: on",
                         top: laneTop, initial: false, changes: changes, shadeHigh: true, color: "#c0392b")
            laneTop += laneHeight
        }
        for role in inputRoles {
            let samples = inputs.filter { $0.role == role }
            let pin = config.inputs[role]
            body += lane(label: "\(role.rawValue) (input)", detail: "GPIO \(pin.line!) level, shaded: active (\(pin.activeLow ? "low" : "high"))",
                         top: laneTop, initial: samples.first?.level == 1, changes: samples.map { ($0.t, $0.level == 1) },
                         shadeHigh: !pin.activeLow, color: "#2471a3")
            laneTop += laneHeight
        }
        body += restarts(from: top, to: laneTop)
        body += axis(at: laneTop + 10, gridFrom: lanesTop)
        let legendY = laneTop + 50
        body += legend(at: legendY)
        return """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(num(left + plotWidth + 30))" height="\(num(legendY + 30))" font-family="sans-serif" font-size="12">
        <rect width="100%" height="100%" fill="white"/>
        \(body)</svg>

        """
    }

    private func stateBands() -> String {
        var out = "<text x=\"10\" y=\"\(num(top + 18))\" font-weight=\"bold\">state</text>\n"
        for span in spans {
            let width = x(span.to) - x(span.from)
            guard width > 0 else { continue }
            out += "<rect x=\"\(num(x(span.from)))\" y=\"\(num(top))\" width=\"\(num(width))\" height=\"\(num(laneHeight - 4))\" fill=\"\(Self.color(span.phase))\">"
            out += "<title>\(span.phase.rawValue) \(TimelineEntry.clock(span.from)) to \(TimelineEntry.clock(span.to))</title></rect>\n"
            if width > Double(span.phase.rawValue.count) * 7 + 6 {
                out += "<text x=\"\(num(x(span.from) + 3))\" y=\"\(num(top + 17))\" font-size=\"11\">\(span.phase.rawValue)</text>\n"
            }
        }
        return out
    }

    /// A marker per MQTT message, coloured by ``markerColors``, grey for other topics.
    private func messageLane(top: Double) -> String {
        var out = "<text x=\"10\" y=\"\(num(top + 19))\">mqtt in</text>\n"
        for event in events {
            guard case .mqtt(let topic, let payload, let retain) = event.happening else { continue }
            let color = markerColors.first { $0.topic == topic }?.color ?? "#999999"
            let cx = x(event.at), y = top + 8
            out += "<path d=\"M\(num(cx - 5)),\(num(y)) L\(num(cx + 5)),\(num(y)) L\(num(cx)),\(num(y + 12)) Z\" fill=\"\(color)\">"
            out += "<title>\(TimelineEntry.clock(event.at)) \(Self.escape(topic)): \(Self.escape(payload))\(retain ? " (retained)" : "")</title></path>\n"
        }
        return out
    }

    /// A dashed line across every lane at each restart or reboot.
    private func restarts(from top: Double, to bottom: Double) -> String {
        events.compactMap { event -> String? in
            let what: String
            switch event.happening {
            case .restart: what = "restart"
            case .reboot: what = "reboot"
            case .mqtt, .input: return nil
            }
            return "<line x1=\"\(num(x(event.at)))\" y1=\"\(num(top))\" x2=\"\(num(x(event.at)))\" y2=\"\(num(bottom))\" stroke=\"black\" stroke-dasharray=\"4 3\">"
                + "<title>\(what) at \(TimelineEntry.clock(event.at))</title></line>\n"
        }.joined()
    }

    /// A lane: the level line (high or low), shaded while active (at least 2 px wide, so a 5 s
    /// pulse shows on a day). Outputs are drawn logically; inputs electrically, shaded when
    /// their level means active.
    private func lane(label: String, detail: String, top: Double, initial: Bool, changes: [(Double, Bool)], shadeHigh: Bool, color: String) -> String {
        let high = top + 6, low = top + laneHeight - 6
        var level = initial, since = 0.0
        var points = "\(num(x(0))),\(num(level ? high : low))"
        var shading = ""
        func shade(until t: Double) {
            shading += "<rect x=\"\(num(x(since)))\" y=\"\(num(high))\" width=\"\(num(max(2, x(t) - x(since))))\" height=\"\(num(low - high))\" fill=\"\(color)\" fill-opacity=\"0.18\"/>"
        }
        for (t, on) in changes where on != level {
            if level == shadeHigh { shade(until: t) }
            points += " \(num(x(t))),\(num(level ? high : low)) \(num(x(t))),\(num(on ? high : low))"
            level = on
            since = t
        }
        if level == shadeHigh { shade(until: duration) }
        points += " \(num(x(duration))),\(num(level ? high : low))"
        return """
        <text x="10" y="\(num(top + 14))">\(label)</text><text x="10" y="\(num(top + 26))" font-size="9" fill="#666">\(detail)</text>
        <line x1="\(num(left))" y1="\(num(low))" x2="\(num(left + plotWidth))" y2="\(num(low))" stroke="#ddd"/>\(shading)
        <polyline points="\(points)" fill="none" stroke="\(color)" stroke-width="1.5"/>

        """
    }

    private func axis(at y: Double, gridFrom gridTop: Double) -> String {
        let step = Self.tickStep(duration)
        var out = "<line x1=\"\(num(left))\" y1=\"\(num(y))\" x2=\"\(num(left + plotWidth))\" y2=\"\(num(y))\" stroke=\"black\"/>\n"
        var t = 0.0
        while t <= duration + 1e-9 {
            out += "<line x1=\"\(num(x(t)))\" y1=\"\(num(gridTop))\" x2=\"\(num(x(t)))\" y2=\"\(num(y))\" stroke=\"#eee\"/>"
            out += "<line x1=\"\(num(x(t)))\" y1=\"\(num(y))\" x2=\"\(num(x(t)))\" y2=\"\(num(y + 5))\" stroke=\"black\"/>"
            out += "<text x=\"\(num(x(t)))\" y=\"\(num(y + 18))\" text-anchor=\"middle\" font-size=\"10\">\(Self.label(t))</text>\n"
            t += step
        }
        out += "<text x=\"10\" y=\"\(num(y + 18))\">time</text>\n"
        return out
    }

    /// A swatch per state shown, and the message markers' colours.
    private func legend(at y: Double) -> String {
        var seen: Set<Phase> = []
        var items = spans.map(\.phase).filter { seen.insert($0).inserted }.map { ($0.rawValue, Self.color($0)) }
        for (topic, color) in markerColors
        where events.contains(where: { if case .mqtt(topic, _, _) = $0.happening { true } else { false } }) {
            items.append((topic, color))
        }
        var out = "", cursor = left
        for (name, color) in items {
            out += "<rect x=\"\(num(cursor))\" y=\"\(num(y - 10))\" width=\"12\" height=\"12\" fill=\"\(color)\" stroke=\"#999\"/>"
            out += "<text x=\"\(num(cursor + 16))\" y=\"\(num(y))\" font-size=\"11\">\(Self.escape(name))</text>\n"
            cursor += 16 + name.reduce(0) { $0 + ($1.isUppercase ? 7.5 : 6) } + 16
        }
        return out
    }

    /// A round tick spacing giving at most twelve ticks.
    static func tickStep(_ duration: Double) -> Double {
        let candidates: [Double] = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400]
        return candidates.first { duration / $0 <= 12 } ?? (duration / 12 / 86400).rounded(.up) * 86400
    }

    /// `45s`, `15m`, `2h`, `2h15m`.
    static func label(_ t: Double) -> String {
        let seconds = Int(t.rounded())
        guard Double(seconds) == t, seconds >= 60 else { return "\(JSONValue.number(t).serialized)s" }
        let h = seconds / 3600, m = seconds / 60 % 60, s = seconds % 60
        return (h > 0 ? "\(h)h" : "") + (m > 0 ? "\(m)m" : "") + (s > 0 ? "\(s)s" : "")
    }

    /// Text for XML: markup escaped, characters XML cannot hold replaced.
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out += " "
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func color(_ phase: Phase) -> String {
        switch phase {
        case .idle: "#eeeeee"
        case .priming: "#aed6f1"
        case .starting: "#f9e79f"
        case .running: "#abebc6"
        case .reducingRPM: "#f5cba7"
        case .stopping: "#e59866"
        case .refilling: "#85c1e9"
        case .cooldown: "#d7dbdd"
        case .error: "#e74c3c"
        case .lockout: "#8e44ad"
        }
    }
}
