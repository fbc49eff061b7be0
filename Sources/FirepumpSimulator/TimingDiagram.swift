import FirepumpCore

/// A timing diagram of a simulation as SVG: state bands on top, one lane per output (logical
/// on/off) and per fitted input (electrical level), and a time axis.
public struct TimingDiagram {
    let timeline: [TimelineEntry]
    let inputs: [InputSample]
    let config: PumpConfig
    let duration: Double

    public init(timeline: [TimelineEntry], inputs: [InputSample], config: PumpConfig, duration: Double) {
        self.timeline = timeline
        self.inputs = inputs
        self.config = config
        self.duration = duration
    }

    private let left = 170.0, plotWidth = 1000.0, laneHeight = 30.0, top = 40.0

    private func x(_ t: Double) -> Double { left + (duration > 0 ? t / duration : 0) * plotWidth }

    private func num(_ value: Double) -> String { JSONValue.number((value * 10).rounded() / 10).serialized }

    /// The SVG document.
    public var svg: String {
        let inputRoles = InputRole.allCases.filter { config.isFitted($0) }
        let lanes = Output.allCases.count + inputRoles.count
        let height = top + laneHeight * Double(lanes + 1) + 50
        var body = ""
        body += stateBands()
        var laneTop = top + laneHeight
        for output in Output.allCases {
            let changes = timeline.compactMap { entry -> (Double, Bool)? in
                guard case .pin(_, let changed, let on, _) = entry.kind, changed == output else { return nil }
                return (entry.t, on)
            }
            body += lane(label: "\(output.rawValue) (GPIO \(config.outputs[output]!.line))", top: laneTop, initial: false, changes: changes, color: "#c0392b")
            laneTop += laneHeight
        }
        for role in inputRoles {
            let samples = inputs.filter { $0.role == role }
            let changes = samples.map { ($0.t, $0.level == 1) }
            body += lane(label: "\(role.rawValue) in (GPIO \(config.inputs[role]!.line!), level)", top: laneTop,
                         initial: samples.first?.level == 1, changes: changes, color: "#2471a3")
            laneTop += laneHeight
        }
        body += axis(at: laneTop + 10)
        return """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(num(left + plotWidth + 30))" height="\(num(height))" font-family="sans-serif" font-size="12">
        <rect width="100%" height="100%" fill="white"/>
        \(body)</svg>

        """
    }

    private func stateBands() -> String {
        var spans: [(Phase, Double)] = [(.idle, 0)]
        for entry in timeline {
            if case .state(_, let to) = entry.kind { spans.append((to, entry.t)) }
        }
        var out = "<text x=\"10\" y=\"\(num(top + 18))\" font-weight=\"bold\">state</text>\n"
        for (index, span) in spans.enumerated() {
            let end = index + 1 < spans.count ? spans[index + 1].1 : duration
            let width = x(end) - x(span.1)
            guard width > 0 else { continue }
            out += "<rect x=\"\(num(x(span.1)))\" y=\"\(num(top))\" width=\"\(num(width))\" height=\"\(num(laneHeight - 4))\" fill=\"\(Self.color(span.0))\" stroke=\"white\"><title>\(span.0.rawValue) from \(TimelineEntry.clock(span.1))</title></rect>\n"
            if width > Double(span.0.rawValue.count) * 7 {
                out += "<text x=\"\(num(x(span.1) + 3))\" y=\"\(num(top + 17))\" font-size=\"11\">\(span.0.rawValue)</text>\n"
            }
        }
        return out
    }

    private func lane(label: String, top: Double, initial: Bool, changes: [(Double, Bool)], color: String) -> String {
        let high = top + 6, low = top + laneHeight - 6
        var level = initial
        var points = "\(num(x(0))),\(num(level ? high : low))"
        for (t, on) in changes where on != level {
            points += " \(num(x(t))),\(num(level ? high : low)) \(num(x(t))),\(num(on ? high : low))"
            level = on
        }
        points += " \(num(x(duration))),\(num(level ? high : low))"
        return """
        <text x="10" y="\(num(top + 19))">\(label)</text>
        <line x1="\(num(left))" y1="\(num(low))" x2="\(num(left + plotWidth))" y2="\(num(low))" stroke="#ddd"/>
        <polyline points="\(points)" fill="none" stroke="\(color)" stroke-width="2"/>

        """
    }

    private func axis(at y: Double) -> String {
        let step = Self.tickStep(duration)
        var out = "<line x1=\"\(num(left))\" y1=\"\(num(y))\" x2=\"\(num(left + plotWidth))\" y2=\"\(num(y))\" stroke=\"black\"/>\n"
        var t = 0.0
        while t <= duration + 1e-9 {
            out += "<line x1=\"\(num(x(t)))\" y1=\"\(num(y))\" x2=\"\(num(x(t)))\" y2=\"\(num(y + 5))\" stroke=\"black\"/>"
            out += "<text x=\"\(num(x(t)))\" y=\"\(num(y + 18))\" text-anchor=\"middle\" font-size=\"10\">\(Self.label(t))</text>\n"
            t += step
        }
        out += "<text x=\"10\" y=\"\(num(y + 18))\">time</text>\n"
        return out
    }

    /// A round tick spacing giving about ten ticks.
    static func tickStep(_ duration: Double) -> Double {
        let candidates: [Double] = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400]
        return candidates.first { duration / $0 <= 12 } ?? 86400
    }

    static func label(_ t: Double) -> String {
        if t >= 3600, t.truncatingRemainder(dividingBy: 3600) == 0 { return "\(Int(t / 3600))h" }
        if t >= 60, t.truncatingRemainder(dividingBy: 60) == 0 { return "\(Int(t / 60))m" }
        return "\(JSONValue.number(t).serialized)s"
    }

    static func color(_ phase: Phase) -> String {
        switch phase {
        case .idle: "#eeeeee"
        case .priming: "#aed6f1"
        case .starting: "#f9e79f"
        case .running: "#abebc6"
        case .reducingRPM: "#f5cba7"
        case .stopping: "#f0b27a"
        case .refilling: "#a9cce3"
        case .cooldown: "#d7dbdd"
        case .error: "#e74c3c"
        case .lockout: "#8e44ad"
        }
    }
}
