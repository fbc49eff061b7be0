import FirepumpCore
import FirepumpSimulator
import Testing

/// The fixed contract of `firepump simulate`'s timeline (spec/simulation.md), which other tools
/// parse: line shapes, field order, when pin lines appear, event ordering and the `end` line.
@Suite("Timeline contract")
struct TimelineContractTests {
    /// Parses one jsonl line and returns its members in order.
    static func members(_ line: String) throws -> [JSONValue.Member] {
        guard case .object(let members) = try JSONReader.parse(Array(line.utf8)) else {
            Issue.record("not a JSON object: \(line)")
            return []
        }
        return members
    }

    @Test("every line is one JSON object starting with t (a number) and event; the last is end")
    func lineShape() throws {
        var scenario = ScenarioBuilder(duration: 300, config: [("FLOW_SENSOR_PIN", 19)])
        scenario.trigger(at: 0)
        scenario.input(at: 20, pin: 19, level: 1)
        scenario.emergency(at: 100, "stop")
        let lines = try scenario.run().jsonl
        #expect(lines.count > 10)
        var previous = -1.0
        var kinds: Set<String> = []
        for line in lines {
            #expect(!line.contains("\n"))
            let members = try Self.members(line)
            try #require(members.count >= 2)
            #expect(members[0].key == "t")
            #expect(members[1].key == "event")
            guard case .number(let t) = members[0].value, let kind = members[1].value.stringValue else {
                Issue.record("bad t or event: \(line)")
                continue
            }
            #expect(t >= previous, "time order")
            previous = t
            kinds.insert(kind)
            switch kind {
            case "state": #expect(members.map(\.key) == ["t", "event", "from", "to"])
            case "pin": #expect(members.map(\.key) == ["t", "event", "pin", "role", "on", "level"])
            case "publish": #expect(members.map(\.key) == ["t", "event", "topic", "retain", "payload"])
            case "end": #expect(members.map(\.key) == ["t", "event", "state", "outputs"])
            default: Issue.record("unknown event kind \(kind)")
            }
        }
        #expect(kinds == ["state", "pin", "publish", "end"])
        #expect(lines.filter { $0.contains(#""event":"end""#) }.count == 1)
        let end = try Self.members(try #require(lines.last))
        #expect(end[1].value == "end")
        #expect(end[0].value == 300)
        #expect(end[2].value == "LOCKOUT")
        guard case .object(let outputs) = end[3].value else {
            Issue.record("outputs must be an object")
            return
        }
        #expect(outputs.map(\.key) == ["main_valve", "ignition_start", "ignition_on", "ignition_off", "refill_valve", "priming_valve", "rpm_reduce"])
        #expect(outputs.allSatisfy { $0.value == .bool($0.key == "main_valve") }, "only MV still open, for VALVE_CLOSE_DELAY")
    }

    @Test("the first lines: the connection and the retained state and troubles, then the trigger's pins, then its state line at t = 0")
    func firstLines() throws {
        var scenario = ScenarioBuilder(duration: 10)
        scenario.trigger(at: 0)
        let lines = try scenario.run().jsonl
        #expect(lines[0].hasPrefix(#"{"t":0,"event":"publish","topic":"system/trigger_telemetry","retain":false,"payload":{"host":"firepump-sim","#))
        #expect(lines[0].contains(#""action":"mqtt_connected""#))
        #expect(lines[1].hasPrefix(#"{"t":0,"event":"publish","topic":"system/trigger_telemetry/firepump-sim/state","retain":true,"payload":{"#))
        // Issue 10 item 3: the retained trouble list follows the state on every connect.
        #expect(lines[2] == #"{"t":0,"event":"publish","topic":"system/trigger_telemetry/firepump-sim/trouble","retain":true,"payload":{"host":"firepump-sim","timestamp":"2026-01-01T00:00:00.000Z","troubles":[]}}"#)
        // wildfire-watch's retained topics, on connect (issue 8).
        #expect(lines[3] == #"{"t":0,"event":"publish","topic":"gpio/status","retain":true,"payload":{"main_valve":false,"ignition_on":false,"rpm_reduction":false,"refill_valve":false,"pump_running":false}}"#)
        #expect(lines[4].hasPrefix(#"{"t":0,"event":"publish","topic":"system/gpio_trigger/health","retain":true,"payload":{"host":"firepump-sim","#))
        #expect(lines[5] == #"{"t":0,"event":"pin","pin":18,"role":"main_valve","on":true,"level":1}"#)
        #expect(lines[8] == #"{"t":0,"event":"state","from":"IDLE","to":"PRIMING"}"#)
        #expect(lines[9].contains(#""action":"pump_sequence_start""#))
    }

    @Test("an empty scenario still ends with the end line")
    func emptyScenario() throws {
        let timeline = try Timeline.run(json: #"{"duration": 0}"#)
        #expect(timeline.jsonl.last == #"{"t":0,"event":"end","state":"IDLE","outputs":{"main_valve":false,"ignition_start":false,"ignition_on":false,"ignition_off":false,"refill_valve":false,"priming_valve":false,"rpm_reduce":false}}"#)
        #expect(timeline.pinLines.isEmpty, "outputs are requested at their safe level: no pin line at boot")
    }

    @Test("t has millisecond precision")
    func millisecondPrecision() throws {
        var scenario = ScenarioBuilder(duration: 10.25)
        scenario.trigger(at: 0.1234567)
        let lines = try scenario.run().jsonl
        #expect(lines.contains(#"{"t":0.123,"event":"state","from":"IDLE","to":"PRIMING"}"#))
        #expect(lines.contains(#"{"t":2.123,"event":"state","from":"PRIMING","to":"STARTING"}"#))
        #expect(lines.last?.hasPrefix(#"{"t":10.25,"event":"end""#) == true)
    }

    @Test("an active-low output: on is logical, level is electrical; no pin line at boot")
    func activeLowOutput() throws {
        var scenario = ScenarioBuilder(duration: 3000, config: [("MAIN_VALVE_ACTIVE_LOW", true), ("IGN_OFF_ACTIVE_LOW", "yes")])
        scenario.trigger(at: 10)
        let timeline = try scenario.run()
        #expect(timeline.pinLines.first.map { ms($0.t) } == 10, "the safe level is high for an active-low relay: nothing changes at boot")
        let mainValve = timeline.pinLines.filter { $0.output == .mainValve }.map { "\(ms($0.t)) pin \($0.line) on \($0.on) level \($0.level)" }
        #expect(mainValve == ["10.0 pin 18 on true level 0", "2417.0 pin 18 on false level 1"])
        let stopPulse = timeline.pinLines.filter { $0.output == .ignitionOff }.map { "\(ms($0.t)) on \($0.on) level \($0.level)" }
        #expect(stopPulse == ["1817.0 on true level 0", "1822.0 on false level 1"])
        let priming = timeline.pinLines.filter { $0.output == .primingValve }.map { "\(ms($0.t)) on \($0.on) level \($0.level)" }
        #expect(priming == ["10.0 on true level 1", "197.0 on false level 0"], "other outputs stay active-high")
        #expect(timeline.jsonl.contains(#"{"t":10,"event":"pin","pin":18,"role":"main_valve","on":true,"level":0}"#))
        #expect(timeline.end?.outputs[.mainValve] == false, "the end line reports logical states")
        #expect(timeline.jsonl.last?.contains(#""outputs":{"main_valve":false,"#) == true)
    }

    @Test("pin lines appear only when an output's electrical level changes")
    func pinLinesOnlyOnChange() throws {
        var scenario = ScenarioBuilder(duration: 2500, config: [("FIRE_OFF_DELAY", 300)])
        scenario.emergency(at: 1, "valve_open")
        scenario.emergency(at: 2, "valve_open") // already open
        scenario.trigger(at: 5) // MV already open: no MV line
        scenario.triggers(from: 100, every: 100, through: 900)
        scenario.emergency(at: 950, "start") // running: no re-crank
        scenario.emergency(at: 960, "valve_open") // running: already open
        scenario.emergency(at: 970, "valve_close") // refused while running
        let timeline = try scenario.run()
        #expect(timeline.pin(.mainValve).first == .init(t: 1, on: true))
        #expect(timeline.pin(.mainValve).count == 2, "opened once, closed once")
        for output in Output.allCases {
            let levels = timeline.pinLines.filter { $0.output == output }.map(\.level)
            for (a, b) in zip(levels, levels.dropFirst()) { #expect(a != b, "\(output) repeated level \(a)") }
        }
        #expect(timeline.lines(at: 5).filter { $0.hasPrefix("pin") } == ["pin priming_valve on", "pin refill_valve on"], "MV already open")
        for t in [2.0, 100, 950, 960, 970] {
            #expect(timeline.pinLines.filter { ms($0.t) == t }.isEmpty, "no pin line at \(t)")
        }
        #expect(timeline.event("emergency_command_refused")?.payload["command"] == "valve_close")
    }

    @Test("publish lines carry the payload parsed as JSON")
    func publishPayloadParsed() throws {
        var scenario = ScenarioBuilder(duration: 5)
        scenario.trigger(at: 0)
        let timeline = try scenario.run()
        let publishes = timeline.jsonl.filter { $0.contains(#""event":"publish""#) }
        #expect(!publishes.isEmpty)
        for line in publishes {
            let members = try Self.members(line)
            guard case .object = members.last?.value else {
                Issue.record("payload is not an object: \(line)")
                continue
            }
        }
    }

    @Test("events at the same instant keep their file order", arguments: [true, false])
    func equalInstantsKeepFileOrder(stopFirst: Bool) throws {
        var scenario = ScenarioBuilder(duration: 100)
        if stopFirst {
            scenario.emergency(at: 50, "stop")
            scenario.emergency(at: 50, "reset")
        } else {
            scenario.emergency(at: 50, "reset")
            scenario.emergency(at: 50, "stop")
        }
        let timeline = try scenario.run()
        #expect(timeline.end?.phase == (stopFirst ? .idle : .lockout))
        #expect(timeline.lines(at: 50) == (stopFirst
            ? ["event emergency_stop", "state IDLE>LOCKOUT", "event lockout_entered", "state LOCKOUT>IDLE", "event emergency_reset"]
            : ["event emergency_reset", "event emergency_stop", "state IDLE>LOCKOUT", "event lockout_entered"]))
    }

    @Test("events are applied in time order, whatever their order in the file")
    func sortedByTime() throws {
        var scenario = ScenarioBuilder(duration: 200)
        scenario.trigger(at: 100)
        scenario.emergency(at: 50, "stop")
        let timeline = try scenario.run()
        #expect(timeline.states.map(\.description) == ["50.0:IDLE>LOCKOUT"])
        #expect(timeline.lines(at: 100) == ["event trigger_blocked_lockout"])
    }

    @Test("an event at duration is applied; one after it is not")
    func eventsAfterDuration() throws {
        var atEnd = ScenarioBuilder(duration: 100)
        atEnd.trigger(at: 100)
        let applied = try atEnd.run()
        #expect(applied.states.map(\.description) == ["100.0:IDLE>PRIMING"])
        #expect(applied.end?.phase == .priming)
        #expect(applied.end?.t == 100)

        var after = ScenarioBuilder(duration: 100)
        after.trigger(at: 100.001)
        after.emergency(at: 5000, "stop")
        let ignored = try after.run()
        #expect(ignored.states.isEmpty)
        #expect(ignored.events.map(\.action) == ["mqtt_connected"])
        #expect(ignored.end?.phase == .idle)
        #expect(ignored.end?.t == 100)
        #expect(ignored.entries.allSatisfy { $0.t <= 100 })
    }

    @Test("deadlines due exactly at duration are handled before the end line")
    func deadlineAtDuration() throws {
        var scenario = ScenarioBuilder(duration: 7)
        scenario.trigger(at: 0)
        let timeline = try scenario.run()
        #expect(timeline.end?.phase == .running)
        #expect(timeline.end?.outputs[.ignitionOn] == true)
    }

    @Test("inputs start at their pull's level: pull-up float reads 1, pull-down flow reads 0")
    func inputsStartAtPull() throws {
        var scenario = ScenarioBuilder(duration: 10, config: [("RESERVOIR_FLOAT_PIN", 16), ("FLOW_SENSOR_PIN", 19), ("RESERVOIR_LOW_PIN", 12)])
        scenario.trigger(at: 0)
        let timeline = try scenario.run()
        #expect(timeline.samples == ["0.0 reservoir_float 1", "0.0 flow_sensor 0", "0.0 reservoir_low 0"])
        // Low reservoir (active-low = empty) is pulled down: a broken wire reads "empty" and blocks the start.
        #expect(timeline.lines(at: 0) == ["event mqtt_connected", "event trigger_blocked_low_reservoir"])
    }

    @Test("an input event at 0 sets the level the controller boots with (no debounce, no edge)")
    func inputEventAtZero() throws {
        var scenario = ScenarioBuilder(duration: 10, config: [("RESERVOIR_FLOAT_PIN", 16), ("RESERVOIR_LOW_PIN", 12)])
        scenario.trigger(at: 0) // before the input events in the file: still sees them
        scenario.input(at: 0, pin: 16, level: 0)
        scenario.input(at: 0, pin: 12, level: 1)
        let timeline = try scenario.run()
        #expect(timeline.samples == ["0.0 reservoir_float 0", "0.0 reservoir_low 1"])
        let connected = try #require(timeline.event("mqtt_connected"))
        #expect(connected.payload["system_state"]?["reservoir_full"] == true)
        #expect(connected.payload["system_state"]?["reservoir_low"] == false)
        #expect(timeline.states.first?.description == "0.0:IDLE>PRIMING")
    }

    @Test("an input event just after 0 is an edge, debounced by INPUT_DEBOUNCE")
    func inputEventAfterZero() throws {
        var scenario = ScenarioBuilder(duration: 100, config: [("RESERVOIR_LOW_PIN", 12)])
        scenario.input(at: 0.001, pin: 12, level: 1) // not empty
        scenario.trigger(at: 0.3) // still "empty" until 0.501
        scenario.trigger(at: 0.6)
        let timeline = try scenario.run()
        #expect(timeline.samples == ["0.0 reservoir_low 0", "0.001 reservoir_low 1"])
        #expect(timeline.lines(at: 0.3) == ["event trigger_blocked_low_reservoir"])
        #expect(timeline.states.first?.description == "0.6:IDLE>PRIMING")
    }

    @Test("retained and non-trigger messages do not start the pump; TOPIC_PREFIX applies")
    func mqttHandling() throws {
        var scenario = ScenarioBuilder(duration: 20, config: [("TOPIC_PREFIX", "site1")])
        scenario.mqtt(at: 1, topic: "fire/trigger", payload: "") // not our topic any more
        scenario.mqtt(at: 2, topic: "site1/fire/trigger", payload: "", retain: true)
        scenario.mqtt(at: 3, topic: "site1/fire/trigger", payload: #"{"action":"cancel"}"#)
        scenario.mqtt(at: 4, topic: "site1/fire/trigger", payload: "stop")
        scenario.mqtt(at: 5, topic: "site1/fire/emergency", payload: "dance")
        scenario.mqtt(at: 10, topic: "site1/fire/trigger", payload: "fire")
        let timeline = try scenario.run()
        let events = timeline.entries.compactMap { entry -> String? in
            guard case .publish(let topic, _, let payload) = entry.kind, let action = payload["action"]?.stringValue,
                  action != "health_report" else { return nil }
            return "\(ms(entry.t)) \(topic) \(action)"
        }
        #expect(events.prefix(5) == [
            "0.0 site1/system/trigger_telemetry mqtt_connected",
            "2.0 site1/system/trigger_telemetry trigger_ignored",
            "3.0 site1/system/trigger_telemetry trigger_ignored",
            "4.0 site1/system/trigger_telemetry trigger_ignored",
            "5.0 site1/system/trigger_telemetry emergency_command_unknown",
        ])
        #expect(timeline.states.first?.description == "10.0:IDLE>PRIMING")
    }

    @Test("--format text: one aligned line per entry, also past 10 hours")
    func textFormat() throws {
        var scenario = ScenarioBuilder(duration: 40_000)
        scenario.trigger(at: 0)
        let timeline = try scenario.run()
        let text = timeline.entries.map(\.textLine)
        #expect(text.count == timeline.entries.count)
        #expect(text.contains(" 0:00:07.000  STATE    STARTING -> RUNNING"))
        #expect(text.contains(" 0:00:00.000  PIN      main_valve      ON   (GPIO 18 level 1)"))
        #expect(text.contains(" 0:30:07.000  PUBLISH  shutdown_initiated               system/trigger_telemetry"))
        #expect(text.contains(" 0:00:07.000  PUBLISH  RUNNING                          system/trigger_telemetry/firepump-sim/state (retained)"))
        #expect(text.last == "11:06:40.000  END      REFILLING, outputs on: refill_valve")
        // The kind column starts at the same offset on every line, before and after 10 hours.
        let kindColumns = Set(text.map { line -> Int in
            let clock = line.drop { $0 == " " }.prefix { $0 != " " }
            return line.distance(from: line.startIndex, to: clock.endIndex)
        })
        #expect(kindColumns == [12], "the time column has one width")
    }
}
