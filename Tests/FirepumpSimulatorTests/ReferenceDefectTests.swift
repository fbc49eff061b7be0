import FirepumpCore
import FirepumpSimulator
import Testing

/// One scenario per defect of the reference (reference §7) that `firepump simulate` can show:
/// each runs the situation that breaks the reference and checks that firepump does the right
/// thing (target-behaviour.md).
@Suite("Reference defects, rehearsed")
struct ReferenceDefectTests {
    // MARK: - C1: a stuck "shutting down" flag disabled every automatic stop after a float-ended refill

    @Test("C1: a float-ended refill does not disable the next runs' max-runtime and fire-off stops")
    func c1FloatEndedRefill() throws {
        var scenario = ScenarioBuilder(duration: 9000, config: [("RESERVOIR_FLOAT_PIN", 16), ("FIRE_OFF_DELAY", 600)])
        // Run 1: triggers keep coming, so max runtime stops it; the float ends its refill.
        scenario.triggers(from: 0, every: 300, through: 1800)
        scenario.input(at: 2000, pin: 16, level: 0) // full (active-low)
        scenario.input(at: 2100, pin: 16, level: 1) // water drawn again
        // Run 2: triggers keep coming again: max runtime must still stop it (the reference never does).
        scenario.triggers(from: 3000, every: 300, through: 4800)
        scenario.input(at: 5000, pin: 16, level: 0)
        scenario.input(at: 5100, pin: 16, level: 1)
        // Run 3: a single trigger: the fire-off stop must still work.
        scenario.trigger(at: 6000)
        let timeline = try scenario.run()

        #expect(timeline.times(of: "refill_complete_float_switch") == [2000.5, 5000.5], "INPUT_DEBOUNCE 0.5 s, then the float ends the refill")
        #expect(timeline.states.filter { $0.to == .stopping }.map(\.t) == [1807, 4807, 6605])
        #expect(timeline.events.filter { $0.action == "shutdown_initiated" }.map { $0.payload["reason"] } == ["max_runtime", "max_runtime", "fire_off"])
        #expect(timeline.pin(.ignitionOn).filter { !$0.on }.map(\.t) == [1807, 4807, 6605])
        #expect(timeline.pin(.ignitionOff).map(\.description) == [
            "1807.0:on", "1812.0:off", "4807.0:on", "4812.0:off", "6605.0:on", "6610.0:off",
        ])
        #expect(timeline.pin(.rpmReduce).filter(\.on).map(\.t) == [1792, 4792, 6600])
        // The float ends the refill, then COOLDOWN and IDLE as usual (the reference skipped COOLDOWN, M4).
        #expect(timeline.lines(at: 2000.5) == ["pin refill_valve off", "event refill_complete_float_switch", "state REFILLING>COOLDOWN", "event cooldown_entered"])
        #expect(timeline.phase(at: 2060.5) == .idle)
    }

    // MARK: - C2: dry-run protection died after the first normal stop and after its first trip

    @Test("C2: dry-run protection trips on the run after a normal stop")
    func c2AfterNormalStop() throws {
        var scenario = ScenarioBuilder(duration: 3000, config: [("FLOW_SENSOR_PIN", 19), ("FIRE_OFF_DELAY", 400), ("RESERVOIR_FLOAT_PIN", 16)])
        scenario.trigger(at: 0)
        scenario.input(at: 20, pin: 19, level: 1) // flow
        scenario.input(at: 500, pin: 19, level: 0) // engine stopped at 405: no flow
        scenario.input(at: 600, pin: 16, level: 0) // tank full: refill over
        scenario.input(at: 700, pin: 16, level: 1)
        scenario.trigger(at: 1000) // run 2: no water at all
        let timeline = try scenario.run()

        #expect(timeline.event("shutdown_initiated")?.payload["reason"] == "fire_off", "run 1 had flow: a normal stop")
        #expect(timeline.times(of: "dry_run_protection_triggered") == [1307], "RUNNING at 1007 + MAX_DRY_RUN_TIME 300")
        #expect(timeline.states.filter { $0.t >= 1000 }.map(\.description) == [
            "1000.0:IDLE>PRIMING", "1002.0:PRIMING>STARTING", "1007.0:STARTING>RUNNING",
            "1307.0:RUNNING>REDUCING_RPM", "1312.0:REDUCING_RPM>STOPPING", "1317.0:STOPPING>ERROR",
        ])
        #expect(timeline.event("error_state_entered")?.payload["reason"] == "dry run")
        #expect(timeline.end?.phase == .error)
    }

    @Test("C2: dry-run protection trips again after a trip and a reset")
    func c2AfterTrip() throws {
        var scenario = ScenarioBuilder(duration: 1500, config: [("FLOW_SENSOR_PIN", 19)])
        scenario.trigger(at: 0)
        scenario.emergency(at: 400, "reset")
        scenario.trigger(at: 500)
        let timeline = try scenario.run()
        #expect(timeline.times(of: "dry_run_protection_triggered") == [307, 807])
        #expect(timeline.states.filter { $0.to == .error }.map(\.t) == [317, 817])
    }

    @Test("C2: flow lost for longer than MAX_DRY_RUN_TIME later in a run trips it")
    func c2FlowLostMidRun() throws {
        var scenario = ScenarioBuilder(duration: 1500, config: [("FLOW_SENSOR_PIN", 19)])
        scenario.trigger(at: 0)
        scenario.input(at: 20, pin: 19, level: 1)
        scenario.input(at: 500, pin: 19, level: 0) // lost...
        scenario.input(at: 700, pin: 19, level: 1) // ...back within 300 s: no trip
        scenario.input(at: 900, pin: 19, level: 0) // lost for good
        let timeline = try scenario.run()
        #expect(timeline.times(of: "dry_run_protection_triggered") == [1200])
        #expect(timeline.end?.phase == .error)
        let trip = try #require(timeline.event("dry_run_protection_triggered")?.payload)
        #expect(trip["max_allowed"] == 300)
        #expect(trip["dry_run_time"] == 300, "no flow from 900 to 1200")
    }

    // MARK: - C3: timers of an earlier cycle acted on a new run

    /// A short fire-off run (stop at 65, main valve close due at 665), the tank full at 100,
    /// then a new fire at 130 kept alive by triggers.
    static func shortRunThenRestart(startCommand: String? = nil) throws -> Timeline {
        var scenario = ScenarioBuilder(duration: 1200, config: [("RESERVOIR_FLOAT_PIN", 16), ("FIRE_OFF_DELAY", 60)])
        scenario.trigger(at: 0)
        scenario.input(at: 100, pin: 16, level: 0)
        if let startCommand { scenario.emergency(at: 130, startCommand) } else { scenario.trigger(at: 130) }
        scenario.triggers(from: 150, every: 30, through: 1200)
        return try scenario.run()
    }

    @Test("C3: a restart from COOLDOWN: the old cooldown's end does not act on the new run")
    func c3CooldownRestart() throws {
        let timeline = try Self.shortRunThenRestart()
        #expect(timeline.states.filter { $0.t <= 130 }.map(\.description) == [
            "0.0:IDLE>PRIMING", "2.0:PRIMING>STARTING", "7.0:STARTING>RUNNING", "60.0:RUNNING>REDUCING_RPM",
            "65.0:REDUCING_RPM>STOPPING", "70.0:STOPPING>REFILLING", "100.5:REFILLING>COOLDOWN", "130.0:COOLDOWN>PRIMING",
        ])
        // The old cooldown would have ended at 160.5: nothing happens then.
        #expect(timeline.lines(at: 160.5) == [])
        #expect(timeline.phase(at: 160.5) == .running)
        #expect(timeline.isOn(.ignitionOn, at: 160.5))
    }

    @Test("C3: a new run within VALVE_CLOSE_DELAY of a stop: the old main-valve close does not close MV under the engine")
    func c3StaleMainValveClose() throws {
        let timeline = try Self.shortRunThenRestart()
        #expect(timeline.pin(.mainValve) == [.init(t: 0, on: true)], "MV opened once and never closed (old close was due at 665)")
        #expect(timeline.lines(at: 665) == [])
        #expect(timeline.phase(at: 665) == .running)
        #expect(timeline.end?.outputs[.mainValve] == true)
        #expect(timeline.end?.phase == .running)
    }

    @Test("C3: an MQTT start during REFILLING: the old refill's end does not force COOLDOWN on the new run")
    func c3StaleRefillEnd() throws {
        var scenario = ScenarioBuilder(duration: 2500, config: [("FIRE_OFF_DELAY", 60)])
        scenario.trigger(at: 0) // stop at 65, refill 58 × 40 = 2320 s from 70: due at 2390
        scenario.emergency(at: 200, "start")
        scenario.triggers(from: 230, every: 30, through: 1990)
        let timeline = try scenario.run()
        #expect(timeline.phase(at: 199) == .refilling)
        #expect(timeline.lines(at: 200).prefix(3) == ["pin priming_valve on", "state REFILLING>PRIMING", "event emergency_bypass_start"])
        // Run 2 runs to max runtime (RUNNING 207 → stop 2007, refill from 2012): the old refill
        // end at 2390 changes nothing.
        #expect(timeline.states.filter { $0.t > 200 }.map(\.description) == [
            "202.0:PRIMING>STARTING", "207.0:STARTING>RUNNING", "1992.0:RUNNING>REDUCING_RPM",
            "2007.0:REDUCING_RPM>STOPPING", "2012.0:STOPPING>REFILLING",
        ])
        #expect(timeline.lines(at: 2390) == [])
        #expect(timeline.end?.outputs[.refillValve] == true)
    }

    // MARK: - C4: re-armed timers did not cancel the old ones

    @Test("C4: starts during RUNNING leave no old max-runtime deadline: the run stops once, at max runtime")
    func c4StartDuringRunning() throws {
        var scenario = ScenarioBuilder(duration: 2500)
        scenario.trigger(at: 0)
        scenario.emergency(at: 100, "start")
        scenario.emergency(at: 500, #"{"action":"bypass_start"}"#)
        scenario.triggers(from: 600, every: 300, through: 2400)
        let timeline = try scenario.run()
        #expect(timeline.event("emergency_bypass_start")?.payload["result"] == "already running")
        #expect(timeline.lines(at: 100) == ["event emergency_bypass_start"], "no re-crank, no pin change (H14)")
        #expect(timeline.pin(.ignitionStart).map(\.t) == [2, 7], "cranked once")
        #expect(timeline.pin(.rpmReduce) == [.init(t: 1792, on: true), .init(t: 1812, on: false)])
        #expect(timeline.states.filter { $0.to == .stopping }.map(\.t) == [1807])
        #expect(timeline.times(of: "shutdown_initiated") == [1807])
        #expect(timeline.times(of: "shutdown_complete") == [1812])
        #expect(timeline.end?.phase == .refilling)
    }

    // MARK: - C6: float and pressure pulls failed unsafe

    @Test("C6: a broken float wire reads \"not full\" and does not end the refill", arguments: [true, false])
    func c6BrokenFloat(activeLow: Bool) throws {
        var scenario = ScenarioBuilder(duration: 400, config: [
            ("RESERVOIR_FLOAT_PIN", 16), ("RESERVOIR_FLOAT_ACTIVE_LOW", .bool(activeLow)),
            ("MAX_ENGINE_RUNTIME", 60), ("RPM_REDUCTION_LEAD", 5), ("PRIMING_DURATION", 10), ("REFILL_MULTIPLIER", 2),
        ])
        scenario.trigger(at: 0)
        scenario.trigger(at: 100) // during the refill
        let timeline = try scenario.run()
        // The input was never driven: it sits at its pull, which reads "not full".
        #expect(timeline.samples == ["0.0 reservoir_float \(activeLow ? 1 : 0)"])
        #expect(timeline.events.first?.payload["system_state"]?["reservoir_full"] == false)
        // Runtime 60 s × 2 from 72: the timer ends the refill, not the float.
        #expect(timeline.times(of: "refill_complete_float_switch") == [])
        #expect(timeline.times(of: "trigger_blocked_refilling") == [100])
        #expect(timeline.times(of: "refill_complete_timer") == [192])
        #expect(timeline.pin(.refillValve) == [.init(t: 0, on: true), .init(t: 192, on: false)])
    }

    @Test("C6: a broken pressure wire reads \"low\": the pump trips once pressure is watched", arguments: [true, false])
    func c6BrokenPressure(activeLow: Bool) throws {
        var scenario = ScenarioBuilder(duration: 1000, config: [("LINE_PRESSURE_PIN", 20), ("LINE_PRESSURE_ACTIVE_LOW", .bool(activeLow))])
        scenario.trigger(at: 0)
        let timeline = try scenario.run()
        #expect(timeline.samples == ["0.0 line_pressure \(activeLow ? 1 : 0)"])
        #expect(timeline.events.first?.payload["system_state"]?["line_pressure_ok"] == false)
        // Priming ends at 187; pressure is watched from 187 + PRESSURE_CHECK_DELAY 60.
        #expect(timeline.times(of: "low_pressure_detected") == [247])
        #expect(timeline.states.filter { $0.t >= 247 }.map(\.description) == [
            "247.0:RUNNING>REDUCING_RPM", "252.0:REDUCING_RPM>STOPPING", "257.0:STOPPING>ERROR",
        ])
        #expect(timeline.event("error_state_entered")?.payload["reason"] == "low pressure")
    }

    // MARK: - H1: ERROR and emergency stop dropped ignition without the stop pulse and closed MV at once

    @Test("H1: a dry-run ERROR stops the engine with the ignition-off pulse; MV closes VALVE_CLOSE_DELAY later")
    func h1ErrorStop() throws {
        var scenario = ScenarioBuilder(duration: 1200, config: [("FLOW_SENSOR_PIN", 19)])
        scenario.trigger(at: 0)
        let timeline = try scenario.run()
        #expect(timeline.lines(from: 307, to: 317).map(\.description) == [
            "307.0 pin rpm_reduce on", "307.0 event dry_run_protection_triggered",
            "307.0 state RUNNING>REDUCING_RPM", "307.0 event rpm_reduced",
            "312.0 pin ignition_on off", "312.0 pin ignition_off on", "312.0 pin refill_valve off",
            "312.0 state REDUCING_RPM>STOPPING", "312.0 event shutdown_initiated",
            "317.0 pin ignition_off off", "317.0 pin rpm_reduce off", "317.0 event shutdown_complete",
            "317.0 state STOPPING>ERROR", "317.0 event error_state_entered",
        ])
        #expect(timeline.pin(.mainValve) == [.init(t: 0, on: true), .init(t: 912, on: false)], "engine stop 312 + 600")
        #expect(timeline.phase(at: 911) == .error)
    }

    @Test("H1: an emergency stop: ignition off and the pulse at once, valves off, MV after VALVE_CLOSE_DELAY")
    func h1EmergencyStop() throws {
        var scenario = ScenarioBuilder(duration: 1000)
        scenario.trigger(at: 0)
        scenario.emergency(at: 100, "STOP ")
        let timeline = try scenario.run()
        #expect(timeline.lines(from: 100, to: 105).map(\.description) == [
            "100.0 pin rpm_reduce on", "100.0 pin ignition_on off", "100.0 pin ignition_off on",
            "100.0 pin priming_valve off", "100.0 pin refill_valve off",
            "100.0 event emergency_stop",
            "100.0 state RUNNING>STOPPING", "100.0 event shutdown_initiated",
            "105.0 pin ignition_off off", "105.0 pin rpm_reduce off", "105.0 event shutdown_complete",
            "105.0 state STOPPING>LOCKOUT", "105.0 event lockout_entered",
        ])
        #expect(timeline.pin(.mainValve) == [.init(t: 0, on: true), .init(t: 700, on: false)])
    }

    // MARK: - H2: an emergency stop did not latch

    @Test("H2: an emergency stop latches LOCKOUT: triggers and starts are refused until reset")
    func h2Lockout() throws {
        var scenario = ScenarioBuilder(duration: 1500)
        scenario.trigger(at: 0)
        scenario.emergency(at: 100, "stop")
        scenario.trigger(at: 102)
        scenario.emergency(at: 200, "start")
        scenario.trigger(at: 300) // the next consensus trigger
        scenario.emergency(at: 400, #"{"command":"reset"}"#)
        scenario.trigger(at: 410)
        let timeline = try scenario.run()
        #expect(timeline.lines(at: 102) == ["event trigger_ignored"])
        #expect(timeline.lines(at: 200) == ["event emergency_command_refused"])
        #expect(timeline.event("emergency_command_refused")?.payload["reason"] == "LOCKOUT is latched: send reset first")
        #expect(timeline.lines(at: 300) == ["event trigger_blocked_lockout"])
        #expect(timeline.states.filter { $0.t >= 100 }.map(\.description) == [
            "100.0:RUNNING>STOPPING", "105.0:STOPPING>LOCKOUT", "400.0:LOCKOUT>IDLE",
            "410.0:IDLE>PRIMING", "412.0:PRIMING>STARTING", "417.0:STARTING>RUNNING",
        ])
        #expect(timeline.end?.phase == .running)
    }

    @Test("H2: an emergency stop in IDLE latches too")
    func h2LockoutFromIdle() throws {
        var scenario = ScenarioBuilder(duration: 100)
        scenario.emergency(at: 10, "emergency_stop")
        scenario.trigger(at: 20)
        let timeline = try scenario.run()
        #expect(timeline.states.map(\.description) == ["10.0:IDLE>LOCKOUT"])
        #expect(timeline.lines(at: 20) == ["event trigger_blocked_lockout"])
        #expect(timeline.pinLines.isEmpty)
    }

    // MARK: - H4: a trigger during the fire-off RPM reduction did not really cancel the stop

    @Test("H4: a trigger during the fire-off RPM reduction cancels the stop; the pump runs past the old stop time")
    func h4CancelFireOffStop() throws {
        var scenario = ScenarioBuilder(duration: 1000, config: [("FIRE_OFF_DELAY", 300)])
        scenario.trigger(at: 0)
        scenario.trigger(at: 302)
        let timeline = try scenario.run()
        #expect(timeline.lines(from: 300, to: 302).map(\.description) == [
            "300.0 pin rpm_reduce on", "300.0 state RUNNING>REDUCING_RPM", "300.0 event rpm_reduced",
            "302.0 pin rpm_reduce off", "302.0 state REDUCING_RPM>RUNNING", "302.0 event shutdown_cancelled",
        ])
        #expect(timeline.lines(at: 305) == [], "the old stop (300 + RPM_REDUCTION_DURATION) is gone")
        #expect(timeline.phase(at: 305) == .running)
        // The re-armed fire-off: 302 + 300.
        #expect(timeline.states.filter { $0.t > 302 }.map(\.description) == [
            "602.0:RUNNING>REDUCING_RPM", "607.0:REDUCING_RPM>STOPPING", "612.0:STOPPING>REFILLING",
        ])
    }

    @Test("H4: a trigger during a max-runtime RPM reduction changes nothing: that stop stands")
    func h4MaxRuntimeStopStands() throws {
        var scenario = ScenarioBuilder(duration: 2000)
        scenario.trigger(at: 0)
        scenario.trigger(at: 1795)
        scenario.trigger(at: 1800)
        let timeline = try scenario.run()
        #expect(timeline.lines(at: 1795) == ["event trigger_ignored"])
        #expect(timeline.event("trigger_ignored")?.payload["reason"] == "stop committed: max_runtime")
        #expect(timeline.states.filter { $0.to == .stopping }.map(\.t) == [1807])
    }

    // MARK: - H9: line pressure was checked once and not latched

    @Test("H9: low pressure is watched continuously, debounced, and latches ERROR")
    func h9PressureWatch() throws {
        var scenario = ScenarioBuilder(duration: 2000, config: [("LINE_PRESSURE_PIN", 20)])
        scenario.input(at: 0, pin: 20, level: 0) // pressure OK (active-low)
        scenario.trigger(at: 0)
        scenario.input(at: 500, pin: 20, level: 1) // a 1.5 s dip: shorter than PRESSURE_DEBOUNCE
        scenario.input(at: 501.5, pin: 20, level: 0)
        scenario.input(at: 1000, pin: 20, level: 1) // low for good, long after the reference's single check at 247
        scenario.input(at: 1500, pin: 20, level: 0) // pressure back: the latch holds
        scenario.trigger(at: 1600)
        let timeline = try scenario.run()
        #expect(timeline.times(of: "low_pressure_detected") == [1002])
        #expect(timeline.states.filter { $0.t >= 1000 }.map(\.description) == [
            "1002.0:RUNNING>REDUCING_RPM", "1007.0:REDUCING_RPM>STOPPING", "1012.0:STOPPING>ERROR",
        ])
        #expect(timeline.lines(at: 1600) == ["event error_state_trigger_ignored"])
        #expect(timeline.end?.phase == .error)
        #expect(timeline.end?.outputs == .safe)
    }
}
