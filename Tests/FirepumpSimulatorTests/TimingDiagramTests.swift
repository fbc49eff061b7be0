import FirepumpCore
import FirepumpSettings
import FirepumpSimulator
import Testing

@Suite("The SVG timing diagram")
struct TimingDiagramTests {
    static func svg(_ scenario: ScenarioBuilder) throws -> String {
        let timeline = try scenario.run()
        return TimingDiagram(timeline: timeline.entries, inputs: timeline.inputSamples, config: timeline.config,
                             topics: timeline.topics, duration: timeline.scenario.duration, events: timeline.scenario.events).svg
    }

    @Test("a lane per output and per fitted input, state bands, message markers and restarts")
    func lanes() throws {
        var scenario = ScenarioBuilder(duration: 2000, config: [("RESERVOIR_FLOAT_PIN", 16), ("FLOW_SENSOR_PIN", 19), ("MAIN_VALVE_ACTIVE_LOW", true)])
        scenario.trigger(at: 0)
        scenario.input(at: 20, pin: 19, level: 1)
        scenario.restart(at: 500)
        scenario.emergency(at: 1000, "stop")
        let svg = try Self.svg(scenario)
        try SVGCheck.wellFormed(svg)
        for output in Output.allCases {
            let hasLane = svg.contains(">\(output.rawValue)</text>")
            #expect(hasLane, "lane for \(output)")
        }
        #expect(svg.contains(">GPIO 18 (active-low), shaded: on</text>"))
        #expect(svg.contains(">reservoir_float (input)</text>") && svg.contains(">flow_sensor (input)</text>"))
        #expect(!svg.contains("line_pressure"))
        #expect(svg.contains(">mqtt in</text>"))
        #expect(svg.contains("<title>0:00:00.000 fire/trigger: {&quot;action&quot;:&quot;trigger&quot;}</title>"))
        #expect(svg.contains("<title>restart at 0:08:20.000</title>"))
        #expect(svg.contains("<title>LOCKOUT 0:16:45.000 to 0:33:20.000</title>"))
        #expect(svg.contains(">LOCKOUT</text>"), "legend and band")
    }

    @Test("payload text is escaped for XML, whatever it holds")
    func escaping() throws {
        var scenario = ScenarioBuilder(duration: 10)
        scenario.mqtt(at: 1, topic: "fire/<emergency>", payload: "a & b <c> \"d\"\u{1}\n")
        let svg = try Self.svg(scenario)
        try SVGCheck.wellFormed(svg)
        #expect(svg.contains("fire/&lt;emergency&gt;: a &amp; b &lt;c&gt; &quot;d&quot;\u{FFFD} </title>"))
        #expect(!svg.contains("\u{1}"))
    }

    @Test("no mqtt lane without messages; a diagram of nothing is still a document")
    func empty() throws {
        let svg = try Self.svg(ScenarioBuilder(duration: 0))
        try SVGCheck.wellFormed(svg)
        #expect(!svg.contains("mqtt in"))
        #expect(svg.contains(">IDLE</text>"), "the legend names the one state")
    }

    @Test("axis labels read as durations", arguments: [(1.0, "0s"), (45, "45s"), (1800, "15m"), (3600, "1h"), (8100, "2h15m"), (86_400, "18h")])
    func axisLabels(duration: Double, label: String) {
        let svg = TimingDiagram(
            timeline: [], inputs: [], config: PumpConfig(), topics: Topics(MQTTConfig(), host: Simulation.host), duration: duration).svg
        #expect(svg.contains(">\(label)</text>"))
        #expect(!svg.contains("m0s<") && !svg.contains(">60m<"))
    }
}
