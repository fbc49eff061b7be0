import FirepumpCore
import Testing

/// Health reports, shutdown (SIGTERM/SIGINT) and restart reconciliation (target §8, §9).
@Suite("Health, shutdown and restart")
struct LifecycleTests {
    // MARK: Health

    @Test("a health report every HEALTH_INTERVAL from boot, in every phase, and after stop and reset (H3)")
    func healthEveryInterval() {
        var pump = Driver()
        pump.advance(to: t(600))
        #expect(pump.log.filter { $0.action == .publishHealth }.map(\.at) == (1...10).map { t(Double($0) * 60) })
        pump.send(.trigger)
        _ = pump.command(.stop, at: t(700))
        _ = pump.command(.reset, at: t(800))
        pump.advance(to: t(1200))
        #expect(pump.log.filter { $0.action == .publishHealth }.map(\.at) == (1...20).map { t(Double($0) * 60) })
    }

    @Test("HEALTH_INTERVAL and its alias TELEMETRY_INTERVAL set the period; a health tick changes no state")
    func healthInterval() throws {
        var pump = Driver(try pumpConfig(["TELEMETRY_INTERVAL": "15"]))
        let ticks = pump.advance(to: t(60))
        #expect(ticks.actions == [.publishHealth, .publishHealth, .publishHealth, .publishHealth])
        #expect(pump.log.filter { $0.action == .publishHealth }.map(\.at) == [t(15), t(30), t(45), t(60)])
    }

    @Test("a late tick publishes one health report (not a burst) and the next comes a full interval later")
    func lateHealth() {
        var pump = Driver()
        let actions = pump.tickLate(at: t(250))
        #expect(actions == [.publishHealth])
        #expect(pump.machine.nextDeadline == t(310))
    }

    // MARK: Shutdown

    @Test("SIGTERM while running: the stop's electrical steps at once, valves safe after the pulse, the refill kept, exit only after it")
    func shutdownWhileRunning() {
        var pump = Driver()
        pump.send(.trigger)
        pump.advance(to: t(100))
        let actions = pump.send(.shutdown(keepRunning: false))
        #expect(actions == [
            .event("controller_shutdown", [.field("keep_running", false)]),
            .phase(.running, .stopping),
            .event("shutdown_initiated", [.field("reason", "shutdown"), .field("previous_state", "RUNNING")]),
            .on(.rpmReduce), .off(.ignitionOn), .on(.ignitionOff), .off(.primingValve),
            .persist,
        ])
        #expect(!pump.machine.readyToExit, "the ignition-off pulse must finish before the process exits")
        pump.advance(to: t(104.9))
        #expect(!pump.machine.readyToExit)
        let end = pump.advance(to: t(105))
        #expect(end.actions.withoutHealth == [
            .off(.ignitionOff), .off(.rpmReduce), .event("shutdown_complete", [.field("runtime", 93)]),
            .phase(.stopping, .refilling), .off(.refillValve), .event("refill_continuing", [.field("duration", 3720)]),
            .off(.mainValve), .persist,
        ])
        #expect(pump.machine.readyToExit)
        #expect(pump.outputs == .safe)
        #expect(pump.phase == .refilling, "the refill the run owes survives the exit")

        let boot = pump.restart(after: 100)
        #expect(boot == [.event("recovered_after_restart", [.field("previous_state", "REFILLING")]), .on(.refillValve), .persist])
        #expect(pump.send(.trigger, at: t(300)).withoutHealth == [.event("trigger_blocked_refilling")])
        pump.advance(to: t(105 + 3720))
        #expect(pump.lastChange(of: .refillValve, to: false) == t(105 + 3720))
        #expect(pump.phase == .cooldown)
    }

    @Test("SIGTERM during the crank releases the starter with the ignition-off pulse")
    func shutdownWhileCranking() {
        var pump = Driver()
        pump.send(.trigger)
        pump.advance(to: t(3))
        pump.send(.shutdown(keepRunning: false))
        #expect(!pump.outputs[.ignitionStart] && pump.outputs[.ignitionOff])
        pump.advance(to: t(8))
        #expect(pump.outputs == .safe)
        #expect(pump.machine.readyToExit)
    }

    @Test("SIGTERM during REFILLING or COOLDOWN: outputs safe at once, ready to exit, the phase and its end kept", arguments: [Phase.refilling, .cooldown])
    func shutdownOutsideRun(_ phase: Phase) throws {
        var pump = try Phases.reach(phase)
        let end = pump.state.deadlines[.phaseEnd]
        let actions = pump.send(.shutdown(keepRunning: false))
        #expect(actions.contains(.off(.mainValve)))
        #expect(pump.outputs == .safe)
        #expect(pump.machine.readyToExit)
        #expect(pump.phase == phase && pump.state.deadlines[.phaseEnd] == end)

        pump.restart(after: 1)
        #expect(pump.phase == phase && pump.state.deadlines[.phaseEnd] == end)
        #expect(pump.outputs[.refillValve] == (phase == .refilling), "the refill valve reopens for the remaining refill")
        #expect(pump.send(.trigger) == [.event("trigger_blocked_refilling")])
    }

    @Test("SIGTERM in IDLE: nothing to make safe, ready to exit")
    func shutdownIdle() {

        var idle = Driver()
        #expect(idle.send(.shutdown(keepRunning: false)) == [.event("controller_shutdown", [.field("keep_running", false)])])
        #expect(idle.machine.readyToExit)
    }

    @Test("SIGTERM during a hazard stop keeps the latch")
    func shutdownKeepsLatch() throws {
        var pump = Driver(try pumpConfig(fitting: .flowSensor), inputs: [.flowSensor: false])
        pump.send(.trigger)
        pump.advance(to: t(308)) // dry-run trip at 307, reducing until 312
        pump.send(.shutdown(keepRunning: false))
        pump.advance(to: t(400))
        #expect(pump.phase == .error)
        #expect(pump.outputs == .safe)
        #expect(pump.machine.readyToExit)
    }

    @Test("SIGTERM in ERROR or LOCKOUT: outputs safe, the latch stays")
    func shutdownLatched() throws {
        var pump = try Phases.reach(.error)
        #expect(pump.outputs[.mainValve])
        pump.send(.shutdown(keepRunning: false))
        #expect(pump.outputs == .safe)
        #expect(pump.phase == .error)
        #expect(pump.machine.readyToExit)
    }

    @Test("a handover during the ignition-off pulse: ready at once, the pulse ends after the restart")
    func keepRunningWhileStopping() throws {
        var pump = try Phases.reach(.stopping)
        let before = pump.outputs
        let end = try #require(pump.state.deadlines[.phaseEnd]).at
        pump.send(.shutdown(keepRunning: true))
        #expect(pump.machine.readyToExit)
        #expect(pump.outputs == before)
        pump.restart(after: 1)
        pump.advance(to: end)
        #expect(pump.phase == .refilling && pump.outputs[.refillValve] && pump.outputs[.mainValve])
    }

    @Test("a handover (SIGUSR2, --keep-running-on-exit): outputs left exactly as they are, the state saved, ready to exit at once, resumed by the next start")
    func keepRunning() {
        var pump = Driver()
        pump.send(.trigger)
        pump.advance(to: t(100))
        let before = pump.outputs
        let actions = pump.send(.shutdown(keepRunning: true))
        #expect(actions == [
            .event("controller_shutdown", [.field("keep_running", true)]),
            .event("handover", [.field("state", "RUNNING"), .field("run", 1)]),
            .persist,
        ])
        #expect(pump.outputs == before)
        #expect(pump.machine.readyToExit)
        let boot = pump.restart(after: 10)
        #expect(boot.filter { if case .drive = $0 { true } else { false } }.isEmpty)
        #expect(pump.phase == .running)
        pump.advance(to: t(2000))
        #expect(pump.lastChange(of: .ignitionOn, to: false) == t(1807))
    }

    // MARK: Restart reconciliation

    @Test("a crash mid-run resumes: recovered_after_restart{previous_state}, no relay touched, deadlines kept")
    func resumeRun() {
        var pump = Driver()
        pump.send(.trigger)
        pump.advance(to: t(100))
        let before = pump.state
        let boot = pump.restart(after: 20)
        #expect(boot == [.event("recovered_after_restart", [.field("previous_state", "RUNNING")])])
        #expect(pump.state == before)
        #expect(pump.outputs[.ignitionOn] && pump.outputs[.mainValve] && pump.outputs[.primingValve])
        pump.advance(to: t(2000))
        #expect(pump.lastChange(of: .primingValve, to: false) == t(187))
        #expect(pump.entered(.reducingRPM) == t(1792))
        #expect(pump.lastChange(of: .ignitionOn, to: false) == t(1807))
        #expect(pump.log.filter { $0.action == .publishHealth }.first { $0.at > t(120) }?.at == t(180), "health re-armed from the boot")
    }

    @Test("a crash in every run phase resumes that phase", arguments: [Phase.priming, .starting, .running, .reducingRPM, .stopping, .refilling, .cooldown])
    func resumeEveryPhase(_ phase: Phase) throws {
        var pump = try Phases.reach(phase)
        let before = pump.state
        let boot = pump.restart(after: 0)
        #expect(boot == [.event("recovered_after_restart", [.field("previous_state", .string(phase.rawValue))])])
        #expect(pump.state == before)
    }

    @Test("a run whose max runtime passed while the service was down goes through the stop sequence at boot")
    func maxRuntimePassedWhileDown() throws {
        var pump = Driver()
        pump.send(.trigger)
        pump.advance(to: t(100))
        let boot = pump.restart(after: 3600)
        #expect(boot.first == .event("recovered_after_restart", [.field("previous_state", "RUNNING")]))
        #expect(pump.phase == .stopping)
        #expect(boot.contains(.off(.ignitionOn)) && boot.contains(.on(.ignitionOff)))
        #expect(try #require(boot.firstIndex(of: .on(.rpmReduce))) < (try #require(boot.firstIndex(of: .off(.ignitionOn)))))
        pump.advance(to: t(3705))
        #expect(pump.phase == .refilling)
        #expect(pump.lastChange(of: .mainValve, to: false) == nil, "the main valve waits VALVE_CLOSE_DELAY from the stop")
        pump.advance(to: t(3700 + 600))
        #expect(!pump.outputs[.mainValve])
    }

    @Test("REFILLING resumes with its remaining time, COOLDOWN too")
    func resumeRefillAndCooldown() {
        var pump = Driver()
        pump.send(.trigger)
        pump.advance(to: t(3000))
        #expect(pump.phase == .refilling)
        pump.restart(after: 1000)
        #expect(pump.phase == .refilling)
        #expect(pump.outputs[.refillValve])
        pump.advance(to: t(73_811))
        #expect(pump.phase == .refilling)
        pump.advance(to: t(73_812))
        #expect(pump.phase == .cooldown)
        pump.restart(after: 30)
        #expect(pump.phase == .cooldown)
        pump.advance(to: t(73_872))
        #expect(pump.phase == .idle)
        #expect(pump.entered(.idle) == t(73_872))
    }

    @Test("a refill whose end passed while down ends at boot, with a full cooldown after it")
    func refillEndedWhileDown() {
        var pump = Driver()
        pump.send(.trigger)
        pump.advance(to: t(3000))
        let boot = pump.restart(after: 100_000)
        #expect(boot.contains(.phase(.refilling, .cooldown)))
        #expect(pump.phase == .cooldown)
        #expect(!pump.outputs[.refillValve] && !pump.outputs[.mainValve])
        pump.advance(by: 60)
        #expect(pump.phase == .idle)
    }

    @Test("latched ERROR and LOCKOUT stay latched across a restart with outputs safe", arguments: [Phase.error, .lockout])
    func latchedAcrossRestart(_ phase: Phase) throws {
        var pump = try Phases.reach(phase)
        let reason = pump.state.errorReason
        pump.restart(after: 5)
        #expect(pump.phase == phase)
        #expect(pump.state.errorReason == reason)
        #expect(!pump.outputs[.ignitionOn] && !pump.outputs[.ignitionStart] && !pump.outputs[.ignitionOff] && !pump.outputs[.refillValve])
        pump.trigger(at: pump.now + 1)
        #expect(pump.phase == phase)
        pump.restart(after: 10_000)
        #expect(pump.outputs == .safe, "a main-valve close that passed while down is done at boot")
        #expect(pump.phase == phase)
    }

    @Test("a persisted latched state with outputs left on (crash mid-transition) is made safe at boot")
    func latchedWithOutputsOn() {
        var persisted = PumpState()
        persisted.phase = .error
        persisted.errorReason = .dryRun
        persisted.outputs[.refillValve] = true
        persisted.outputs[.primingValve] = true
        let pump = Driver(restoring: persisted)
        #expect(pump.outputs == .safe)
        #expect(pump.log.map(\.action).contains(.off(.refillValve)))
        #expect(pump.phase == .error)
    }

    @Test("a restart never starts a run: IDLE stays IDLE")
    func idleStaysIdle() {
        var pump = Driver()
        pump.advance(to: t(100))
        let boot = pump.restart(after: 10)
        #expect(boot.isEmpty)
        #expect(pump.phase == .idle)
    }

    @Test("a crash mid-run with the water gone: dry-run protection still trips after the restart")
    func dryRunAfterRestart() throws {
        var pump = Driver(try pumpConfig(fitting: .flowSensor), inputs: [.flowSensor: false])
        pump.send(.trigger)
        pump.input(.flowSensor, true, at: t(20))
        pump.advance(to: t(400))
        // Down from T+400 to T+420; the flow stopped meanwhile and never comes back.
        pump.restart(after: 20, inputs: [.flowSensor: false])
        pump.advance(to: t(800))
        #expect(pump.reports("dry_run_protection_triggered").map(\.at) == [t(720)])
        #expect(pump.phase == .error)
    }

    @Test("a crash mid-run with low line pressure: the pressure watch still trips after the restart")
    func lowPressureAfterRestart() throws {
        var pump = Driver(try pumpConfig(fitting: .linePressure), inputs: [.linePressure: false])
        pump.send(.trigger)
        pump.input(.linePressure, true, at: t(10))
        pump.advance(to: t(400))
        pump.restart(after: 20, inputs: [.linePressure: false])
        pump.advance(to: t(800))
        #expect(pump.reported("low_pressure_detected"))
        #expect(pump.phase == .error)
    }

    @Test("a crash during a refill, float full at boot: the refill ends instead of overflowing the tank")
    func floatFullAfterRestart() throws {
        var pump = Driver(try pumpConfig(fitting: .reservoirFloat), inputs: [.reservoirFloat: false])
        pump.send(.trigger)
        pump.advance(to: t(2000))
        #expect(pump.phase == .refilling)
        pump.restart(after: 20, inputs: [.reservoirFloat: true])
        pump.advance(to: t(2100))
        #expect(pump.phase != .refilling)
        #expect(!pump.outputs[.refillValve])
    }

    @Test("a button held at boot is not a press, and the engine-running feedback at boot ends a crank")
    func bootInputsNotActedOn() throws {
        var held = Driver(try pumpConfig(fitting: .emergencyButton), inputs: [.emergencyButton: true])
        held.advance(to: t(100))
        #expect(held.phase == .idle)
        #expect(!held.reported("emergency_button_pressed"))

        var cranking = Driver(try pumpConfig(fitting: .engineRunning), inputs: [.engineRunning: false])
        cranking.send(.trigger)
        cranking.advance(to: t(4))
        cranking.restart(after: 1, inputs: [.engineRunning: true])
        #expect(cranking.phase == .running, "the engine caught while the service was down: release the starter")
        #expect(!cranking.outputs[.ignitionStart])
    }

    @Test("a low-reservoir switch reading empty at boot does not stop a run (a bypass_start run survives a restart)")
    func lowReservoirAtBoot() throws {
        var pump = Driver(try pumpConfig(fitting: .reservoirLow), inputs: [.reservoirLow: true])
        _ = pump.command(.bypassStart, at: t(0))
        pump.advance(to: t(100))
        pump.restart(after: 10)
        pump.advance(to: t(200))
        #expect(pump.phase == .running)
        // A change while running still stops it.
        pump.input(.reservoirLow, false, at: t(300))
        pump.input(.reservoirLow, true, at: t(400))
        pump.advance(to: t(410))
        #expect(pump.reported("low_reservoir_detected"))
    }

    // MARK: Rebasing

    @Test("SavedState moves every instant of the state onto the wall clock and round-trips")
    func rebaseRoundTrip() {
        var pump = Driver(try! pumpConfig(fitting: .flowSensor, .linePressure), inputs: [.flowSensor: false, .linePressure: true])
        pump.send(.trigger)
        pump.advance(to: t(250))
        pump.send(.trigger)
        var state = pump.state
        state.engineStoppedAt = t(12)
        state.deadlines[.mainValveClose] = Deadline(at: t(900), run: state.run)
        let instants = Self.instants(in: state)
        #expect(instants.count == 9, "runningSince, lastTriggerAt, engineStoppedAt, engineAliveAt and five deadlines")

        let offset = 1_700_000_000.0
        let clock = ClockReading(monotonic: .zero, wall: WallInstant(secondsSinceEpoch: offset))
        let moved = SavedState(state, clock: clock)
        // The first wall instant is `savedAt` (the first property); the others are the state's.
        #expect(Self.wallInstants(in: moved).dropFirst().sorted() == instants.map { WallInstant(secondsSinceEpoch: $0.seconds + offset) }.sorted())
        #expect(moved.restored(clock: clock) == state)
        #expect(moved.deadlines[.maxRuntime]?.run == state.deadlines[.maxRuntime]?.run)
        var withoutInstants = moved.restored(clock: ClockReading(monotonic: .zero, wall: WallInstant(secondsSinceEpoch: 0)))
        withoutInstants.deadlines = state.deadlines
        withoutInstants.runningSince = state.runningSince
        withoutInstants.lastTriggerAt = state.lastTriggerAt
        withoutInstants.engineStoppedAt = state.engineStoppedAt
        withoutInstants.engineAliveAt = state.engineAliveAt
        #expect(withoutInstants == state, "nothing but instants changes")
    }

    @Test("a state saved on the wall clock and loaded onto a new monotonic clock keeps its remaining times")
    func rebaseAcrossClocks() {
        var pump = Driver()
        pump.send(.trigger)
        pump.advance(to: t(100))
        // Saved at wall time W (= monotonic 100); the new process starts 20 s later at monotonic 0.
        let wall = 1_700_000_000.0
        let saved = SavedState(pump.state, clock: ClockReading(monotonic: t(100), wall: WallInstant(secondsSinceEpoch: wall)))
        let loaded = saved.restored(clock: ClockReading(monotonic: .zero, wall: WallInstant(secondsSinceEpoch: wall + 20)))
        var resumed = Driver(restoring: loaded)
        #expect(resumed.phase == .running)
        #expect(resumed.state.deadlines[.maxRuntime]?.at == t(1807 - 120))
        resumed.advance(to: t(2000))
        #expect(resumed.lastChange(of: .ignitionOn, to: false) == t(1687))
    }

    /// Every ``WallInstant`` reachable in a value, found by reflection.
    static func wallInstants(in value: Any) -> [WallInstant] {
        if let instant = value as? WallInstant { return [instant] }
        return Mirror(reflecting: value).children.flatMap { wallInstants(in: $0.value) }
    }

    /// Every ``Instant`` reachable in a value, found by reflection, so a new instant field that
    /// `SavedState` forgets makes ``rebaseRoundTrip()`` fail.
    static func instants(in value: Any) -> [Instant] {
        if let instant = value as? Instant { return [instant] }
        return Mirror(reflecting: value).children.flatMap { instants(in: $0.value) }
    }
}
