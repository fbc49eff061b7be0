import FirepumpCore
import Testing

/// Target §5 (while running) and §6 (stop): fire-off, max runtime, triggers during a stop.
@Suite("Running and stopping")
struct RunAndStopTests {
    /// FIRE_OFF_DELAY shorter than the max runtime, so the fire-off path is the one that stops.
    static func fireOff600() throws -> PumpConfig { try pumpConfig(["FIRE_OFF_DELAY": "600"]) }

    @Test("fire-off: no trigger for FIRE_OFF_DELAY → RPM reduce for RPM_REDUCTION_DURATION (5 s), then the stop sequence")
    func fireOffStop() throws {
        var pump = Driver(try Self.fireOff600())
        pump.send(.trigger)
        let reduce = pump.advance(to: t(600))
        #expect(reduce.filter { $0.at == t(600) }.actions.withoutHealth == [
            .phase(.running, .reducingRPM), .on(.rpmReduce), .event("rpm_reduced", [.field("reason", "fire_off")]), .persist,
        ])
        let stop = pump.advance(to: t(605))
        #expect(stop.instants == [t(605)])
        #expect(stop.actions.withoutHealth == [
            .phase(.reducingRPM, .stopping),
            .event("shutdown_initiated", [.field("reason", "fire_off"), .field("previous_state", "REDUCING_RPM")]),
            .off(.ignitionOn), .on(.ignitionOff), .persist,
        ])
        pump.advance(to: t(610))
        #expect(pump.phase == .refilling)
        #expect(pump.state.lastRunDuration == 598, "RUNNING from T+7 to the stop at T+605")
        #expect(pump.reports("refill_continuing").map { $0.event["duration"] } == [.number(598 * 40)])
    }

    @Test("RPM_REDUCTION_DURATION sets the fire-off reduction")
    func fireOffReductionDuration() throws {
        var pump = Driver(try pumpConfig(["FIRE_OFF_DELAY": "600", "RPM_REDUCTION_DURATION": "12"]))
        pump.send(.trigger)
        pump.advance(to: t(700))
        #expect(pump.entered(.reducingRPM) == t(600))
        #expect(pump.entered(.stopping) == t(612))
    }

    @Test("every trigger re-arms the fire-off deadline from its arrival, in PRIMING, STARTING and RUNNING")
    func triggerRearmsFireOff() throws {
        var pump = Driver(try Self.fireOff600())
        pump.send(.trigger)
        pump.trigger(at: t(1))     // PRIMING
        #expect(pump.state.deadlines[.fireOff]?.at == t(601))
        pump.trigger(at: t(4))     // STARTING
        #expect(pump.state.deadlines[.fireOff]?.at == t(604))
        pump.trigger(at: t(300))   // RUNNING
        pump.trigger(at: t(800))
        pump.advance(to: t(1399))
        #expect(pump.phase == .running)
        pump.advance(to: t(1400))
        #expect(pump.phase == .reducingRPM)
        #expect(pump.entered(.reducingRPM) == t(1400))
        #expect(pump.reports("engine_start_sequence").count == 1, "a trigger during a run never re-cranks")
    }

    @Test("a trigger during a fire-off RPM reduction cancels it: back to RUNNING, RPM reduce off, and the old stop never fires (H4)")
    func triggerCancelsFireOffStop() throws {
        var pump = Driver(try Self.fireOff600())
        pump.send(.trigger)
        pump.advance(to: t(600))
        #expect(pump.phase == .reducingRPM)
        let cancel = pump.send(.trigger, at: t(602))
        #expect(cancel == [.phase(.reducingRPM, .running), .off(.rpmReduce), .event("shutdown_cancelled"), .persist])

        pump.advance(to: t(1201))
        #expect(pump.phase == .running, "the stop that was due at T+605 never happens")
        #expect(pump.outputs[.ignitionOn])
        #expect(!pump.reported("shutdown_initiated"))
        // The new fire-off deadline (T+602+600) runs its own reduction and stop.
        pump.advance(to: t(1300))
        #expect(pump.entered(.reducingRPM) == t(1202))
        #expect(pump.entered(.stopping) == t(1207))
    }

    @Test("a cancelled fire-off stop keeps the max-runtime limit")
    func cancelKeepsMaxRuntime() throws {
        var pump = Driver(try pumpConfig(["FIRE_OFF_DELAY": "1000"]))
        pump.send(.trigger)
        pump.advance(to: t(1001))
        pump.trigger(at: t(1002))
        #expect(pump.phase == .running)
        pump.advance(to: t(2000))
        #expect(pump.entered(.reducingRPM) == t(1792))
        #expect(pump.lastChange(of: .ignitionOn, to: false) == t(1807))
    }

    @Test("a trigger during the max-runtime RPM reduction does not cancel it")
    func triggerDoesNotCancelMaxRuntime() {
        var pump = Driver()
        pump.send(.trigger)
        pump.advance(to: t(1795))
        #expect(pump.phase == .reducingRPM)
        let actions = pump.send(.trigger)
        #expect(actions.compactMap(\.reportedEvent) == [ReportedEvent("trigger_ignored", [.field("reason", "stop committed: max_runtime")])])
        #expect(!actions.contains { if case .phaseChanged = $0 { true } else { false } })
        #expect(pump.outputs[.rpmReduce])
        pump.advance(to: t(1807))
        #expect(pump.phase == .stopping)
        #expect(pump.lastChange(of: .ignitionOn, to: false) == t(1807))
    }

    @Test("a trigger during a fire-off reduction overtaken by the max-runtime lead: RPM stays reduced, the stop is at max runtime")
    func fireOffOvertakenThenTriggered() throws {
        var pump = Driver(try pumpConfig(["FIRE_OFF_DELAY": "1790", "RPM_REDUCTION_DURATION": "10"]))
        pump.send(.trigger)
        pump.advance(to: t(1790))
        #expect(pump.phase == .reducingRPM)
        let trigger = pump.send(.trigger, at: t(1793)) // after the lead (T+1792): the fire-off part is cancelled
        #expect(trigger.withoutHealth == [.event("rpm_reduced", [.field("reason", "max_runtime")]), .persist])
        #expect(pump.phase == .reducingRPM)
        #expect(pump.outputs[.rpmReduce])
        pump.advance(to: t(1812))
        #expect(pump.entered(.stopping) == t(1807), "at MAX_ENGINE_RUNTIME after RUNNING (T+7), not at the fire-off stop (T+1800)")
        #expect(pump.reports("shutdown_initiated").map { $0.event["reason"] } == ["max_runtime"])
        #expect(pump.changes(of: .rpmReduce).map(\.at) == [t(1790), t(1812)], "reduced from the fire-off stop until the stop pulse ended")
    }

    @Test("a fire-off reduction overtaken by the max-runtime lead, with no trigger, stops at its own time as a fire-off stop")
    func fireOffOvertakenNoTrigger() throws {
        var pump = Driver(try pumpConfig(["FIRE_OFF_DELAY": "1790", "RPM_REDUCTION_DURATION": "10"]))
        pump.send(.trigger)
        pump.advance(to: t(1805))
        #expect(pump.entered(.stopping) == t(1800))
        #expect(pump.reports("shutdown_initiated").map { $0.event["reason"] } == ["fire_off"])
    }

    @Test("a fire-off reduction never runs past the max runtime")
    func fireOffReductionCappedByMaxRuntime() throws {
        var pump = Driver(try pumpConfig(["FIRE_OFF_DELAY": "1803", "RPM_REDUCTION_DURATION": "60", "RPM_REDUCTION_LEAD": "0"]))
        pump.send(.trigger)
        pump.advance(to: t(1900))
        #expect(pump.entered(.reducingRPM) == t(1803))
        #expect(pump.lastChange(of: .ignitionOn, to: false) == t(1807))
    }

    @Test("the ignition-off pulse commits the stop: triggers and bypass_start during STOPPING are refused")
    func stoppingIsCommitted() {
        var pump = Driver()
        pump.send(.trigger)
        pump.advance(to: t(1808))
        #expect(pump.phase == .stopping)
        let trigger = pump.send(.trigger)
        #expect(trigger == [.event("trigger_ignored", [.field("reason", "stop in progress")])])
        let start = pump.command(.bypassStart, at: t(1809))
        #expect(start.compactMap(\.reportedEvent).map(\.name) == ["emergency_command_refused"])
        #expect(pump.phase == .stopping)
        pump.advance(to: t(1812))
        #expect(pump.phase == .refilling)
        #expect(!pump.outputs[.ignitionOn] && !pump.outputs[.ignitionOff])
    }

    @Test("max runtime is never extended by triggers or bypass_start")
    func maxRuntimeNotExtended() {
        var pump = Driver()
        pump.send(.trigger)
        var at = 10.0
        while at < 3000 {
            pump.trigger(at: t(at))
            if at < 1800, Int(at) % 500 == 10 { _ = pump.command(.bypassStart, at: t(at + 1)) }
            at += 100
        }
        #expect(pump.entered(.reducingRPM) == t(1792))
        #expect(pump.changes(of: .ignitionOn).map(\.at) == [t(7), t(1807)])
        #expect(pump.phase != .running && pump.phase != .reducingRPM)
    }

    @Test("MAX_ENGINE_RUNTIME and RPM_REDUCTION_LEAD set the max-runtime stop")
    func configuredMaxRuntime() throws {
        var pump = Driver(try pumpConfig(["MAX_ENGINE_RUNTIME": "600", "RPM_REDUCTION_LEAD": "30"]))
        pump.send(.trigger)
        pump.advance(to: t(700))
        #expect(pump.entered(.reducingRPM) == t(577))
        #expect(pump.entered(.stopping) == t(607))
    }

    @Test("RPM_REDUCTION_LEAD 0: RPM reduce and the stop in the same instant, RPM reduce first")
    func zeroLead() throws {
        var pump = Driver(try pumpConfig(["RPM_REDUCTION_LEAD": "0", "FIRE_OFF_DELAY": "3000"]))
        pump.send(.trigger)
        let stop = pump.advance(to: t(1807))
        let at1807 = stop.filter { $0.at == t(1807) }.actions.withoutHealth
        let rpm = try #require(at1807.firstIndex(of: .on(.rpmReduce)))
        let ignitionOff = try #require(at1807.firstIndex(of: .off(.ignitionOn)))
        #expect(rpm < ignitionOff)
        #expect(pump.phase == .stopping)
    }

    @Test("a stop straight from RUNNING (shutdown) still turns RPM reduce on with the ignition-off pulse")
    func stopFromRunning() throws {
        var pump = Driver()
        pump.send(.trigger)
        pump.advance(to: t(100))
        let actions = pump.send(.shutdown(keepRunning: false))
        let rpm = try #require(actions.firstIndex(of: .on(.rpmReduce)))
        let ignitionOff = try #require(actions.firstIndex(of: .off(.ignitionOn)))
        #expect(rpm < ignitionOff)
        #expect(actions.contains(.on(.ignitionOff)))
    }

    @Test("the stop closes the priming valve even when it is still open (M3)")
    func stopClosesPrimingValve() throws {
        var pump = Driver(try pumpConfig(["FIRE_OFF_DELAY": "60"]))
        pump.send(.trigger)
        pump.advance(to: t(65))
        #expect(pump.phase == .stopping)
        #expect(!pump.outputs[.primingValve])
        pump.advance(to: t(400))
        #expect(!pump.reported("priming_complete"), "the old priming deadline does not act after the stop")
    }

    @Test("the main valve closes VALVE_CLOSE_DELAY after the engine stop, whatever happened in between")
    func valveCloseDelay() throws {
        var pump = Driver(try pumpConfig(["VALVE_CLOSE_DELAY": "30", "FIRE_OFF_DELAY": "100"]))
        pump.send(.trigger)
        pump.advance(to: t(200))
        #expect(pump.entered(.stopping) == t(105))
        #expect(pump.lastChange(of: .mainValve, to: false) == t(135))
    }

    @Test("REFILL_MULTIPLIER scales the refill time")
    func refillMultiplier() throws {
        var pump = Driver(try pumpConfig(["FIRE_OFF_DELAY": "100", "REFILL_MULTIPLIER": "2", "COOLDOWN_DURATION": "30"]))
        pump.send(.trigger)
        pump.advance(to: t(1000))
        // RUNNING 7 → stop 105: 98 s; refill from the end of the pulse (110) for 196 s.
        #expect(pump.entered(.refilling) == t(110))
        #expect(pump.entered(.cooldown) == t(306))
        #expect(pump.entered(.idle) == t(336))
        #expect(pump.lastChange(of: .refillValve, to: false) == t(306))
    }
}
