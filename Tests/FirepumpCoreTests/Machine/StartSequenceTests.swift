import FirepumpCore
import Testing

/// Target §4 (start sequence) and reference §6.1, with the default timings.
@Suite("Start sequence")
struct StartSequenceTests {
    @Test("a trigger in IDLE opens main, priming and refill valves at T+0 and enters PRIMING")
    func valvesFirst() {
        var pump = Driver()
        let actions = pump.send(.trigger)
        #expect(actions == [
            .phase(.idle, .priming),
            .event("pump_sequence_start"),
            .on(.mainValve), .on(.primingValve),
            .event("priming_started"),
            .on(.refillValve),
            .event("refill_valve_opened_immediately"),
            .persist,
        ])
        #expect(pump.outputs[.ignitionStart] == false && pump.outputs[.ignitionOn] == false)
        #expect(pump.machine.nextDeadline == t(2), "cranking is the next thing, after PRE_OPEN_DELAY")
    }

    @Test("the full default cycle: crank T+2..T+7, RUNNING T+7, priming off T+187, RPM T+1792, STOPPING T+1807, IDLE after refill and cooldown")
    func defaultCycle() {
        var pump = Driver()
        pump.send(.trigger)

        let crank = pump.advance(to: t(2))
        #expect(crank.instants == [t(2)])
        #expect(crank.actions == [
            .phase(.priming, .starting), .event("engine_start_sequence", [.field("attempt", 1)]), .on(.ignitionStart), .persist,
        ])

        let running = pump.advance(to: t(7))
        #expect(running.instants == [t(7)])
        #expect(running.actions == [
            .phase(.starting, .running), .off(.ignitionStart), .on(.ignitionOn), .event("engine_running"), .persist,
        ])
        #expect(pump.state.runningSince == t(7), "runtime is counted from RUNNING")

        let priming = pump.advance(to: t(187))
        #expect(priming.instants == [t(187)])
        #expect(priming.actions.withoutHealth == [.off(.primingValve), .event("priming_complete"), .persist])

        let reduce = pump.advance(to: t(1792))
        #expect(reduce.instants == [t(1792)])
        #expect(reduce.actions.withoutHealth == [
            .phase(.running, .reducingRPM), .on(.rpmReduce), .event("rpm_reduced", [.field("reason", "max_runtime")]), .persist,
        ])

        // T+1800: the fire-off deadline passes while RPM is already reduced: nothing changes (§5).
        let fireOff = pump.advance(to: t(1800))
        #expect(fireOff.actions.withoutHealth.filter { $0 != .persist } == [])
        #expect(pump.phase == .reducingRPM)

        let stop = pump.advance(to: t(1807))
        #expect(stop.instants == [t(1807)])
        #expect(stop.actions.withoutHealth == [
            .phase(.reducingRPM, .stopping),
            .event("shutdown_initiated", [.field("reason", "max_runtime"), .field("previous_state", "REDUCING_RPM")]),
            .off(.ignitionOn), .on(.ignitionOff),
            .persist,
        ])

        let pulseEnd = pump.advance(to: t(1812))
        #expect(pulseEnd.instants == [t(1812)], "the ignition-off pulse lasts IGNITION_OFF_DURATION (5 s)")
        #expect(pulseEnd.actions.withoutHealth == [
            .off(.ignitionOff), .off(.rpmReduce),
            .event("shutdown_complete", [.field("runtime", 1800)]),
            .phase(.stopping, .refilling),
            .event("refill_continuing", [.field("duration", 72_000)]),
            .persist,
        ])
        #expect(pump.outputs[.mainValve], "the main valve stays open until VALVE_CLOSE_DELAY after the stop")
        #expect(pump.outputs[.refillValve])

        let valve = pump.advance(to: t(1807 + 600))
        #expect(valve.instants == [t(2407)], "main valve closes 600 s after the engine stop")
        #expect(valve.actions.withoutHealth == [.off(.mainValve), .event("main_valve_closed"), .persist])

        let refillEnd = pump.advance(to: t(1812 + 72_000))
        #expect(refillEnd.instants == [t(73_812)], "REFILLING lasts runtime × REFILL_MULTIPLIER = 1800 × 40")
        #expect(refillEnd.actions.withoutHealth == [
            .off(.refillValve), .event("refill_complete_timer"), .phase(.refilling, .cooldown), .event("cooldown_entered"), .persist,
        ])

        let idle = pump.advance(to: t(73_812 + 60))
        #expect(idle.instants == [t(73_872)], "COOLDOWN lasts COOLDOWN_DURATION (60 s)")
        #expect(idle.actions.withoutHealth == [.phase(.cooldown, .idle), .event("idle_state_entered"), .persist])
        #expect(pump.outputs == .safe)
        #expect(pump.state.totalRuntime == 1800)
    }

    @Test("IGNITION_ON_DURING_CRANK puts ignition on with the crank, and keeps it on after")
    func ignitionOnDuringCrank() throws {
        var pump = Driver(try pumpConfig(["IGNITION_ON_DURING_CRANK": "true"]))
        pump.send(.trigger)
        let crank = pump.advance(to: t(2))
        #expect(crank.actions == [
            .phase(.priming, .starting), .event("engine_start_sequence", [.field("attempt", 1)]),
            .on(.ignitionOn), .on(.ignitionStart), .persist,
        ])
        let running = pump.advance(to: t(7))
        #expect(running.actions == [.phase(.starting, .running), .off(.ignitionStart), .event("engine_running"), .persist])
        #expect(pump.outputs[.ignitionOn])
    }

    @Test("without the option, ignition on waits for the end of the crank (reference behaviour)")
    func ignitionOnAfterCrank() {
        var pump = Driver()
        pump.send(.trigger)
        pump.advance(to: t(6.9))
        #expect(pump.outputs[.ignitionStart] && !pump.outputs[.ignitionOn])
        pump.advance(to: t(7))
        #expect(!pump.outputs[.ignitionStart] && pump.outputs[.ignitionOn])
    }

    @Test("engine-running feedback that never confirms: 3 cranks with 10 s rests, then the stop sequence and ERROR 'fail to start'")
    func failToStart() throws {
        var pump = Driver(try pumpConfig(fitting: .engineRunning, with: ["IGNITION_ON_DURING_CRANK": "true"]), inputs: [.engineRunning: false])
        pump.send(.trigger)
        pump.advance(to: t(60))

        let crankOn = pump.changes(of: .ignitionStart).filter(\.on).map(\.at)
        let crankOff = pump.changes(of: .ignitionStart).filter { !$0.on }.map(\.at)
        #expect(crankOn == [t(2), t(17), t(32)], "crank, rest CRANK_REST (10 s), crank again")
        #expect(crankOff == [t(7), t(22), t(37)], "each crank lasts IGNITION_START_DURATION (5 s)")
        #expect(pump.reports("engine_crank_failed").map(\.at) == [t(7), t(22)])
        #expect(pump.reports("engine_start_failed").map(\.at) == [t(37)])
        #expect(!pump.reported("engine_running"))

        // The failed start ends with the same stop sequence as any other stop.
        let stop = pump.log.filter { $0.at == t(37) }.map(\.action)
        #expect(stop == [
            .off(.ignitionStart),
            .event("engine_start_failed", [.field("attempts", 3)]),
            .phase(.starting, .stopping),
            .event("shutdown_initiated", [.field("reason", "fail_to_start"), .field("previous_state", "STARTING")]),
            .on(.rpmReduce), .off(.ignitionOn), .on(.ignitionOff), .off(.primingValve), .off(.refillValve),
            .persist,
        ])
        #expect(pump.entered(.error) == t(42), "ERROR once the 5 s ignition-off pulse is over")
        #expect(pump.state.errorReason == .failToStart)
        #expect(pump.reports("error_state_entered").map { $0.event["reason"] } == ["fail to start"])
        #expect(pump.outputs[.mainValve], "the main valve keeps its VALVE_CLOSE_DELAY")
        pump.advance(to: t(37 + 600))
        #expect(pump.outputs == .safe)
        #expect(pump.phase == .error)
    }

    @Test("MAX_CRANK_ATTEMPTS and CRANK_REST are honoured")
    func crankAttemptsConfigured() throws {
        var pump = Driver(try pumpConfig(fitting: .engineRunning, with: ["MAX_CRANK_ATTEMPTS": "2", "CRANK_REST": "4"]), inputs: [.engineRunning: false])
        pump.send(.trigger)
        pump.advance(to: t(100))
        #expect(pump.changes(of: .ignitionStart).filter(\.on).map(\.at) == [t(2), t(11)])
        #expect(pump.reports("engine_start_failed").map(\.at) == [t(16)])
        #expect(pump.phase == .error)
    }

    @Test("feedback confirming during the crank releases the starter at once (after the input debounce)")
    func earlyCrankRelease() throws {
        var pump = Driver(try pumpConfig(fitting: .engineRunning), inputs: [.engineRunning: false])
        pump.send(.trigger)
        pump.input(.engineRunning, true, at: t(3))
        pump.advance(to: t(3.5))
        #expect(pump.phase == .running)
        #expect(pump.entered(.running) == t(3.5), "INPUT_DEBOUNCE (0.5 s) after the engine caught")
        #expect(pump.changes(of: .ignitionStart).map(\.at) == [t(2), t(3.5)])
        #expect(pump.outputs[.ignitionOn] && !pump.outputs[.ignitionStart])
        #expect(pump.state.deadlines[.maxRuntime]?.at == t(3.5 + 1800), "max runtime counts from RUNNING")
        pump.advance(to: t(100))
        #expect(pump.changes(of: .ignitionStart).count == 2, "no second crank")
    }

    @Test("feedback confirming within the crank: RUNNING at the end of the crank, one attempt")
    func confirmedAtCrankEnd() throws {
        var pump = Driver(try pumpConfig(fitting: .engineRunning, with: ["INPUT_DEBOUNCE": "0"]), inputs: [.engineRunning: false])
        pump.send(.trigger)
        pump.advance(to: t(2))
        pump.input(.engineRunning, true, at: t(2))
        #expect(pump.phase == .running)
        #expect(pump.reports("engine_start_sequence").count == 1)
    }

    @Test("a crank glitch shorter than the debounce does not count as running")
    func feedbackGlitch() throws {
        var pump = Driver(try pumpConfig(fitting: .engineRunning), inputs: [.engineRunning: false])
        pump.send(.trigger)
        pump.input(.engineRunning, true, at: t(3))
        pump.input(.engineRunning, false, at: t(3.2))
        pump.advance(to: t(7))
        #expect(pump.phase == .starting)
        #expect(pump.reports("engine_crank_failed").map(\.at) == [t(7)])
    }

    @Test("feedback that confirms during the rest after a crank goes RUNNING without cranking a running engine again")
    func confirmedDuringRest() throws {
        // The engine catches 0.2 s before the crank ends: still unconfirmed (debounce) when the crank time is up.
        var pump = Driver(try pumpConfig(fitting: .engineRunning, with: ["IGNITION_ON_DURING_CRANK": "true"]), inputs: [.engineRunning: false])
        pump.send(.trigger)
        pump.input(.engineRunning, true, at: t(6.8))
        pump.advance(to: t(7))
        #expect(pump.reports("engine_crank_failed").map(\.at) == [t(7)])
        pump.advance(to: t(30))
        #expect(pump.phase == .running)
        #expect(pump.entered(.running) == t(7.3))
        #expect(pump.changes(of: .ignitionStart).filter(\.on).map(\.at) == [t(2)], "the starter never engages a running engine")
        #expect(pump.outputs[.ignitionOn])
    }

    @Test("a fire-off deadline that passed during the crank acts as soon as the engine runs, in the same step")
    func fireOffPassedDuringCrank() throws {
        var pump = Driver(try pumpConfig(fitting: .engineRunning, with: ["INPUT_DEBOUNCE": "0", "FIRE_OFF_DELAY": "1"]), inputs: [.engineRunning: false])
        pump.send(.trigger)
        pump.advance(to: t(3))
        #expect(pump.phase == .starting, "the fire-off deadline waits for RUNNING")
        pump.input(.engineRunning, true, at: t(3))
        #expect(pump.phase == .reducingRPM)
        #expect(pump.entered(.reducingRPM) == t(3))
        #expect(try #require(pump.machine.nextDeadline) >= pump.now, "nothing is left waiting in the past")
    }

    @Test("without engine-running feedback a crank always ends in RUNNING (no retries)")
    func noFeedbackNoRetry() {
        var pump = Driver()
        pump.send(.trigger)
        pump.advance(to: t(60))
        #expect(pump.reports("engine_start_sequence").count == 1)
        #expect(pump.phase == .running)
    }

    @Test("PRE_OPEN_DELAY and IGNITION_START_DURATION set the crank window")
    func configuredTimings() throws {
        var pump = Driver(try pumpConfig(["PRE_OPEN_DELAY": "4.5", "IGNITION_START_DURATION": "2"]))
        pump.send(.trigger, at: t(10))
        pump.advance(to: t(300))
        #expect(pump.changes(of: .ignitionStart).map(\.at) == [t(14.5), t(16.5)])
        #expect(pump.entered(.running) == t(16.5))
        #expect(pump.lastChange(of: .primingValve, to: false) == t(16.5 + 180), "PRIMING_DURATION counts from RUNNING")
    }

    @Test("the legacy VALVE_PRE_OPEN_DELAY alias sets the pre-open delay")
    func legacyPreOpenAlias() throws {
        var pump = Driver(try pumpConfig(["VALVE_PRE_OPEN_DELAY": "3"]))
        pump.send(.trigger)
        pump.advance(to: t(10))
        #expect(pump.entered(.starting) == t(3))
    }
}
