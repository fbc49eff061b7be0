import FirepumpCore
import FirepumpSimulator
import Testing

/// One trigger with every setting at its default reproduces the reference's timing
/// (reference §6.1 and §6.2 A), without its defects.
@Suite("The default scenario: one trigger, reference timing")
struct DefaultScenarioTests {
    /// Long enough for the 20-hour refill and the cooldown after it.
    static func run() throws -> Timeline {
        var scenario = ScenarioBuilder(duration: 75_000)
        scenario.trigger(at: 0)
        return try scenario.run()
    }

    @Test("every output switches at the reference's instants, and only then")
    func pinTimes() throws {
        let timeline = try Self.run()
        typealias C = Timeline.Change
        #expect(timeline.pin(.mainValve) == [C(t: 0, on: true), C(t: 2407, on: false)], "MV closes VALVE_CLOSE_DELAY after the engine stop")
        #expect(timeline.pin(.primingValve) == [C(t: 0, on: true), C(t: 187, on: false)], "priming 180 s from RUNNING")
        #expect(timeline.pin(.ignitionStart) == [C(t: 2, on: true), C(t: 7, on: false)], "crank T+2..T+7")
        #expect(timeline.pin(.ignitionOn) == [C(t: 7, on: true), C(t: 1807, on: false)])
        #expect(timeline.pin(.ignitionOff) == [C(t: 1807, on: true), C(t: 1812, on: false)], "5 s ignition-off pulse")
        #expect(timeline.pin(.rpmReduce) == [C(t: 1792, on: true), C(t: 1812, on: false)], "RPM reduce at max − 15 s, off with the pulse")
        // Refill: runtime 1800 s × 40, from the end of the stop pulse.
        #expect(timeline.pin(.refillValve) == [C(t: 0, on: true), C(t: 1812 + 72_000, on: false)])
    }

    @Test("state lines: PRIMING, STARTING, RUNNING, REDUCING_RPM, STOPPING, REFILLING, COOLDOWN, IDLE")
    func stateTimes() throws {
        let timeline = try Self.run()
        #expect(timeline.states.map(\.description) == [
            "0.0:IDLE>PRIMING", "2.0:PRIMING>STARTING", "7.0:STARTING>RUNNING", "1792.0:RUNNING>REDUCING_RPM",
            "1807.0:REDUCING_RPM>STOPPING", "1812.0:STOPPING>REFILLING", "73812.0:REFILLING>COOLDOWN", "73872.0:COOLDOWN>IDLE",
        ])
        let end = try #require(timeline.end)
        #expect(end.t == 75_000)
        #expect(end.phase == .idle)
        #expect(end.outputs == .safe)
    }

    @Test("T+0: the valves first, then the state and the events, in the order the controller did them")
    func startInstant() throws {
        let timeline = try Self.run()
        #expect(timeline.lines(at: 0) == [
            "event mqtt_connected",
            "pin main_valve on", "pin priming_valve on", "pin refill_valve on",
            "state IDLE>PRIMING", "event pump_sequence_start", "event priming_started", "event refill_valve_opened_immediately",
        ])
        #expect(timeline.lines(at: 2) == ["pin ignition_start on", "state PRIMING>STARTING", "event engine_start_sequence"])
        #expect(timeline.lines(at: 7) == ["pin ignition_start off", "pin ignition_on on", "state STARTING>RUNNING", "event engine_running"])
    }

    @Test("the key events, in order, with their reference fields")
    func keyEvents() throws {
        let timeline = try Self.run()
        let key = timeline.events.filter { $0.action != "mqtt_connected" }
        #expect(key.map { "\($0.t) \($0.action)" } == [
            "0.0 pump_sequence_start", "0.0 priming_started", "0.0 refill_valve_opened_immediately",
            "2.0 engine_start_sequence", "7.0 engine_running", "187.0 priming_complete",
            "1792.0 rpm_reduced", "1807.0 shutdown_initiated", "1812.0 shutdown_complete", "1812.0 refill_continuing",
            "2407.0 main_valve_closed", "73812.0 refill_complete_timer", "73812.0 cooldown_entered", "73872.0 idle_state_entered",
        ])
        #expect(timeline.event("shutdown_initiated")?.payload["reason"] == "max_runtime")
        #expect(timeline.event("shutdown_complete")?.payload["runtime"] == 1800)
        #expect(timeline.event("refill_continuing")?.payload["duration"] == 72_000)
        // The reference envelope on every event.
        let start = try #require(timeline.event("pump_sequence_start")?.payload)
        #expect(start["host"] == "firepump-sim")
        #expect(start["timestamp"] == "2026-01-01T00:00:00.000Z")
        #expect(start["system_state"]?["state"] == "PRIMING")
        #expect(start["system_state"]?["main_valve"] == true)
        let running = try #require(timeline.event("engine_running")?.payload)
        #expect(running["system_state"]?["engine_on"] == true)
    }

    @Test("health reports every HEALTH_INTERVAL, with real uptime")
    func health() throws {
        var scenario = ScenarioBuilder(duration: 200)
        scenario.trigger(at: 0)
        let timeline = try scenario.run()
        let reports = timeline.entries.compactMap { entry -> (Double, JSONValue)? in
            guard case .publish(_, _, let payload) = entry.kind, payload["action"] == "health_report" else { return nil }
            return (entry.t, payload)
        }
        #expect(reports.map(\.0) == [60, 120, 180])
        #expect(reports.map { $0.1["uptime"] } == [60, 120, 180])
        #expect(reports.first?.1["state"] == "RUNNING")
    }

    @Test("the retained state topic follows every state change")
    func stateTopic() throws {
        var scenario = ScenarioBuilder(duration: 10)
        scenario.trigger(at: 0)
        let timeline = try scenario.run()
        let retained = timeline.entries.compactMap { entry -> String? in
            guard case .publish(let topic, let retain, let payload) = entry.kind, topic == "system/trigger_telemetry/firepump-sim/state" else { return nil }
            #expect(retain)
            return payload["state"]?.stringValue
        }
        #expect(retained == ["IDLE", "PRIMING", "STARTING", "RUNNING"])
    }
}
