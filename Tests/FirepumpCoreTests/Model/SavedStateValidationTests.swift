import FirepumpCore
import Testing

/// Issue 12 item 5: a saved state is checked field by field before it is resumed.
@Suite("Saved state validation")
struct SavedStateValidationTests {
    static let config = PumpConfig()
    static let wallAt100 = ClockReading(monotonic: t(100), wall: WallInstant(secondsSinceEpoch: 1_800_000_000))

    /// A run 100 s after the trigger (RUNNING since t=7), as the machine saved it.
    static var running: SavedState {
        var pump = Driver()
        pump.send(.trigger)
        pump.advance(to: t(100))
        return SavedState(pump.state, clock: wallAt100)
    }

    /// The state of `phase` the machine saves at 100 s after the trigger, by way of `steps`.
    static func saved(_ steps: (inout Driver) -> Void) -> SavedState {
        var pump = Driver()
        steps(&pump)
        return SavedState(pump.state, clock: ClockReading(monotonic: pump.now, wall: WallInstant(secondsSinceEpoch: 1_800_000_000)))
    }

    func expectRefused(_ state: SavedState, _ words: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try state.validated(config: Self.config)
            Issue.record("accepted: \(state)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.description.contains(words), "\(error)", sourceLocation: sourceLocation)
        }
    }

    @Test("what the machine saves in each phase is accepted")
    func machineStatesAccepted() throws {
        _ = try Self.running.validated(config: Self.config)
        let stops: [(inout Driver) -> Void] = [
            { $0.send(.trigger) },
            { $0.send(.trigger); $0.advance(to: t(1790)) },
            { $0.send(.trigger); $0.advance(to: t(1808)) },
            { $0.send(.trigger); $0.advance(to: t(1850)) },
            { $0.send(.trigger); $0.advance(to: t(74_000)) },
            { $0.send(.trigger); $0.send(.command(.emergencyStop)); $0.advance(to: t(10)) },
        ]
        for steps in stops { _ = try Self.saved(steps).validated(config: Self.config) }
    }

    @Test("run out of range: negative, above 2^40, Int.max")
    func runRange() {
        for run in [-1, (1 << 40) + 1, Int.max] {
            var state = SavedState(PumpState(), clock: Self.wallAt100)
            state.run = run
            expectRefused(state, "run \(run)")
        }
    }

    @Test("crankAttempts outside 0...MAX_CRANK_ATTEMPTS+1, a huge one included")
    func crankAttempts() {
        for attempts in [-1, Self.config.timing.maxCrankAttempts + 2, 1 << 62] {
            var state = Self.running
            state.crankAttempts = attempts
            expectRefused(state, "crankAttempts")
        }
    }

    @Test("non-finite or negative runtimes")
    func runtimes() {
        for value in [-1, Double.nan, .infinity] {
            var state = Self.running
            state.lastRunDuration = value
            expectRefused(state, "lastRunDuration")
            state = Self.running
            state.totalRuntime = value
            expectRefused(state, "totalRuntime")
        }
    }

    @Test("non-finite instants, and instants after the save")
    func instants() {
        var state = Self.running
        state.runningSince = WallInstant(secondsSinceEpoch: .nan)
        expectRefused(state, "runningSince")
        state = Self.running
        state.lastTriggerAt = WallInstant(secondsSinceEpoch: .infinity)
        expectRefused(state, "lastTriggerAt")
        state = Self.running
        state.engineStoppedAt = WallInstant(secondsSinceEpoch: 1_800_000_100)
        expectRefused(state, "engineStoppedAt")
        state = Self.running
        state.deadlines[.fireOff]?.at = WallInstant(secondsSinceEpoch: .nan)
        expectRefused(state, "fireOff")
    }

    @Test("a deadline of another run")
    func deadlineOfAnotherRun() {
        var state = Self.running
        state.deadlines[.fireOff]?.run = state.run - 1
        expectRefused(state, "belongs to run")
    }

    @Test("issue 12 item 5: RUNNING with no deadlines")
    func runningWithoutDeadlines() {
        var state = Self.running
        state.deadlines = CaseTable(repeating: nil)
        expectRefused(state, "without the max runtime deadline")
        state = Self.running
        state.runningSince = nil
        expectRefused(state, "without runningSince")
    }

    @Test("phases with a timed end need it", arguments: [Phase.priming, .starting, .reducingRPM, .stopping, .refilling, .cooldown])
    func phaseEndRequired(phase: Phase) {
        var state = Self.running
        state.phase = phase
        state.stopReason = .fireOff
        state.deadlines[.phaseEnd] = nil
        expectRefused(state, "without its phase end deadline")
    }

    @Test("issue 12 item 5: max runtime at 1e300, or beyond MAX_ENGINE_RUNTIME from the engine's start")
    func maxRuntimeBeyondLimit() {
        var state = Self.running
        state.deadlines[.maxRuntime]?.at = WallInstant(secondsSinceEpoch: 1e300)
        expectRefused(state, "deadline maxRuntime")
        state = Self.running
        state.runningSince = state.runningSince.map { WallInstant(secondsSinceEpoch: $0.secondsSinceEpoch - 10) }
        expectRefused(state, "MAX_ENGINE_RUNTIME")
        state = Self.running
        state.runningSince = WallInstant(secondsSinceEpoch: 1_800_000_000 - 1900)
        state.deadlines[.maxRuntime]?.at = WallInstant(secondsSinceEpoch: 1_800_000_000 - 100)
        state.deadlines[.rpmLead] = nil
        expectRefused(state, "past MAX_ENGINE_RUNTIME")
    }

    @Test("a refill longer than lastRunDuration × REFILL_MULTIPLIER, a cooldown longer than COOLDOWN_DURATION")
    func refillAndCooldownLimits() throws {
        var refill = Self.saved { $0.send(.trigger); $0.advance(to: t(1850)) }
        #expect(refill.phase == .refilling)
        _ = try refill.validated(config: Self.config)
        refill.deadlines[.phaseEnd]?.at.secondsSinceEpoch += refill.lastRunDuration * 40
        expectRefused(refill, "deadline phaseEnd")
        var cooldown = Self.saved { $0.send(.trigger); $0.send(.shutdown(keepRunning: false)); $0.advance(to: t(10)) }
        #expect(cooldown.phase == .cooldown)
        _ = try cooldown.validated(config: Self.config)
        cooldown.deadlines[.phaseEnd]?.at.secondsSinceEpoch += 61
        expectRefused(cooldown, "deadline phaseEnd")
    }

    @Test("every other deadline beyond its setting from the save")
    func otherDeadlines() {
        for kind in [DeadlineKind.fireOff, .primingEnd, .rpmLead, .mainValveClose, .pressureWatch, .dryRun] {
            var state = Self.running
            state.deadlines[kind] = SavedState.SavedDeadline(at: WallInstant(secondsSinceEpoch: 1_800_000_000 + 100_000), run: state.run)
            expectRefused(state, "deadline \(kind.rawValue)")
        }
    }

    @Test("outputs a phase would never switch off")
    func outputs() {
        var idle = SavedState(PumpState(), clock: Self.wallAt100)
        idle.outputs[.ignitionOn] = true
        expectRefused(idle, "output ignition_on on in IDLE")
        idle = SavedState(PumpState(), clock: Self.wallAt100)
        idle.outputs[.rpmReduce] = true
        expectRefused(idle, "output rpm_reduce on in IDLE")
        var priming = Self.saved { $0.send(.trigger) }
        priming.outputs[.ignitionStart] = true
        expectRefused(priming, "output ignition_start on in PRIMING")
    }
}
