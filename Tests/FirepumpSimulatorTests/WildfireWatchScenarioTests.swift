import FirepumpCore
import FirepumpRuntime
import FirepumpSimulator
import Foundation
import Testing

/// Issue 8 items 2 and 3 on the virtual clock: the runbook's commands (`{"action": "activate"}`,
/// `gpio/emergency/stop`) and the retained topics wildfire-watch's status panel and runbook read
/// (`gpio/status`, `system/gpio_trigger/health`), through the same controller as the daemon.
@Suite("wildfire-watch's commands and status topics in the simulator")
struct WildfireWatchScenarioTests {
    /// An activate, a retained stop at 100 (refused), `stop` at 200 on `stopTopic`, a reset at 1000.
    static func stopScenario(stopTopic: String, stopPayload: String) -> ScenarioBuilder {
        var scenario = ScenarioBuilder(duration: 1200)
        scenario.mqtt(at: 0, topic: "fire/trigger", payload: #"{"action": "activate"}"#)
        scenario.mqtt(at: 100, topic: "gpio/emergency/stop", payload: "1", retain: true)
        scenario.mqtt(at: 200, topic: stopTopic, payload: stopPayload)
        scenario.emergency(at: 1000, "reset")
        return scenario
    }

    @Test("activate starts the pump; a retained gpio/emergency/stop is refused; a live one stops it into LOCKOUT until reset")
    func activateAndStop() throws {
        let timeline = try Self.stopScenario(stopTopic: "gpio/emergency/stop", stopPayload: "1").run()
        #expect(timeline.states.map(\.description) == [
            "0.0:IDLE>PRIMING", "2.0:PRIMING>STARTING", "7.0:STARTING>RUNNING",
            "200.0:RUNNING>STOPPING", "205.0:STOPPING>LOCKOUT", "1000.0:LOCKOUT>IDLE",
        ])
        let refused = try #require(timeline.event("emergency_command_error"))
        #expect(refused.t == 100)
        #expect(refused.payload["error"]?.stringValue?.contains("retained") == true)
        #expect(timeline.lines(at: 100) == ["event emergency_command_error"], "the retained stop changed something")
        #expect(timeline.times(of: "emergency_stop") == [200])
        #expect(timeline.pin(.ignitionOn) == [.init(t: 7, on: true), .init(t: 200, on: false)])
        #expect(timeline.pin(.ignitionOff) == [.init(t: 200, on: true), .init(t: 205, on: false)], "the ignition-off pulse")
    }

    @Test("a stop on gpio/emergency/stop, whatever its payload, gives exactly the timeline of stop on fire/emergency", arguments: ["1", "", "anything"])
    func sameAsEmergencyStop(_ payload: String) throws {
        let wildfire = try Self.stopScenario(stopTopic: "gpio/emergency/stop", stopPayload: payload).run()
        let reference = try Self.stopScenario(stopTopic: "fire/emergency", stopPayload: "stop").run()
        #expect(wildfire.jsonl == reference.jsonl)
    }

    /// The `gpio/status` publishes: (t, the five values in order).
    static func relayTables(_ timeline: Timeline) -> [(t: Double, values: [Bool])] {
        timeline.entries.compactMap { entry in
            guard case .publish(let topic, let retain, let payload) = entry.kind, topic == "gpio/status" else { return nil }
            #expect(retain, "gpio/status must be retained")
            guard case .object(let members) = payload else {
                Issue.record("gpio/status is not an object: \(payload.serialized)")
                return nil
            }
            #expect(members.map(\.key) == ["main_valve", "ignition_on", "rpm_reduction", "refill_valve", "pump_running"])
            return (ms(entry.t), members.map { $0.value == .bool(true) })
        }
    }

    @Test("gpio/status: retained on connect and on every change of its five values, always what the pins are")
    func relayTable() throws {
        var scenario = ScenarioBuilder(duration: 75_000)
        scenario.trigger(at: 0)
        let timeline = try scenario.run()
        let tables = Self.relayTables(timeline)
        //                                main   ign    rpm    refill running
        let expected: [(Double, [Bool])] = [
            (0, [false, false, false, false, false]),  // connect
            (0, [true, false, false, true, false]),
            (7, [true, true, false, true, true]),
            (1792, [true, true, true, true, true]),
            (1807, [true, false, true, true, false]),
            (1812, [true, false, false, true, false]),
            (2407, [false, false, false, true, false]),
            (73_812, [false, false, false, false, false]),
        ]
        #expect(tables.map(\.t) == expected.map(\.0))
        #expect(tables.map(\.values) == expected.map(\.1))
        for table in tables {
            let pins = [Output.mainValve, .ignitionOn, .rpmReduce, .refillValve, .ignitionOn].map { timeline.isOn($0, at: table.t) }
            if table.t > 0 { #expect(table.values == pins, "at \(table.t)") }
        }
    }

    @Test("system/gpio_trigger/health: retained on connect, on every state change and with every health report, with the present state")
    func serviceHealth() throws {
        var scenario = ScenarioBuilder(duration: 4000, config: [("HEALTH_INTERVAL", .number(600))])
        scenario.mqtt(at: 0, topic: "fire/trigger", payload: #"{"action":"activate"}"#)
        scenario.mqtt(at: 300, topic: "gpio/emergency/stop", payload: "1")
        scenario.emergency(at: 3100, "reset")
        let timeline = try scenario.run()
        var healthTimes: [Double] = []
        for entry in timeline.entries {
            guard case .publish(let topic, let retain, let payload) = entry.kind, topic == "system/gpio_trigger/health" else { continue }
            let t = ms(entry.t)
            healthTimes.append(t)
            #expect(retain)
            // The first is the connect's, before the trigger at the same instant.
            let state = healthTimes.count == 1 ? "IDLE" : timeline.phase(at: t).rawValue
            #expect(payload["state"]?.stringValue == state, "at \(t): \(payload.serialized)")
            #expect(payload["system_state"]?["state"] == payload["state"])
            #expect(payload["mqtt_connected"] == .bool(true))
            #expect(payload["gpio_available"] == .bool(false), "the simulator's pins are the mock")
            #expect(payload["engine_on"] == .bool(timeline.isOn(.ignitionOn, at: t)), "at \(t)")
            #expect(payload["uptime"] == .number(t))
            #expect(payload["uptime_hours"] == .number(ms(t / 3600)))
            #expect(payload["timestamp"]?.stringValue == iso8601(epochSeconds: ScenarioClock.standard.epochAtStart + t))
            #expect(payload["host"]?.stringValue == Simulation.host)
        }
        let reports = timeline.entries.compactMap { entry -> Double? in
            guard case .publish(let topic, _, let payload) = entry.kind, topic == "system/trigger_telemetry",
                  payload["action"]?.stringValue == "health_report" else { return nil }
            #expect(payload["mqtt_connected"] == .bool(true), "health_report carries mqtt_connected")
            return ms(entry.t)
        }
        #expect(reports == [600, 1200, 1800, 2400, 3000, 3600])
        // One on connect, one per state change and one per report (none of these coincide here).
        #expect(healthTimes == ([0] + timeline.states.map(\.t) + reports).sorted())
    }

    @Test("firepump simulate: a scenario file with activate and gpio/emergency/stop runs the pump and stops it into LOCKOUT")
    func throughTheCommandLine() throws {
        let scratch = try Scratch()
        let scenario = Self.stopScenario(stopTopic: "gpio/emergency/stop", stopPayload: "1")
        let path = try scratch.write("wildfire-watch.json", scenario.json)
        let result = try FirepumpBinary.simulate([path], in: scratch.url)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdoutLines
        for state in [
            #"{"t":0,"event":"state","from":"IDLE","to":"PRIMING"}"#, #"{"t":200,"event":"state","from":"RUNNING","to":"STOPPING"}"#,
            #"{"t":205,"event":"state","from":"STOPPING","to":"LOCKOUT"}"#, #"{"t":1000,"event":"state","from":"LOCKOUT","to":"IDLE"}"#,
        ] {
            #expect(lines.contains(state), "\(state)")
        }
        #expect(lines.last?.hasPrefix(#"{"t":1200,"event":"end","state":"IDLE""#) == true)
        #expect(lines.contains { $0.contains(#""topic":"gpio/status","retain":true"#) })
        #expect(lines.contains { $0.contains(#""topic":"system/gpio_trigger/health","retain":true"#) })
    }
}
