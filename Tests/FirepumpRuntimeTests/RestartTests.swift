import FirepumpCore
import FirepumpHAL
import FirepumpRuntime
import Testing

@Suite("Crash recovery through the state store (target §9)")
struct RestartTests {
    /// A controller triggered at 0 and run to `instant`; its pins, store and wall clock are what
    /// a second process would find after a `kill -9` there.
    static func runUntilCrash(at instant: Double) throws -> Bench {
        let first = try Bench()
        try first.controller.start(at: .zero) { _, _ in }
        first.controller.handle(.trigger, at: .zero)
        first.advance(to: instant)
        return first
    }

    @Test("a crash mid-run resumes without a relay glitch and keeps its deadlines")
    func resumeWithoutGlitch() throws {
        let first = try Self.runUntilCrash(at: 100)
        let (pins, store, wall) = (first.pins, first.store, first.wall)
        #expect(first.controller.machine.state.phase == .running)
        let changesBefore = pins.history.count

        // kill -9 at t=100 s; the new process starts 20 s later (t=120 on the old clock), its monotonic clock at 0.
        pins.releaseAll()
        wall.now += 20
        let second = try Bench(pins: pins, store: store, wall: wall)
        try second.controller.start(at: .zero) { _, _ in }
        #expect(pins.history.count == changesBefore, "no relay changed while the lines were requested again")
        #expect(second.controller.machine.state.phase == .running)
        #expect(second.transport.actions.contains("recovered_after_restart"))
        // RUNNING began at t=7; max runtime 1800 s → stop at t=1807 on the old clock = 1807-120 on the new one.
        let maxRuntime = try #require(second.controller.machine.state.deadlines[.maxRuntime])
        #expect(abs(maxRuntime.at.seconds - (1807 - 120)) < 0.001)
    }

    @Test("a run whose max runtime passed while the service was down goes through the stop sequence")
    func maxRuntimePassedWhileDown() throws {
        let first = try Self.runUntilCrash(at: 100)
        let (pins, store, wall) = (first.pins, first.store, first.wall)
        pins.releaseAll()
        wall.now += 3600 // back an hour later: max runtime (t=1807) has passed
        let second = try Bench(pins: pins, store: store, wall: wall)
        try second.controller.start(at: .zero) { _, _ in }
        #expect(second.controller.machine.state.phase == .stopping)
        #expect(second.level(24) == .low, "ignition on released")
        #expect(second.level(25) == .high, "ignition-off pulse running")
    }

    @Test("a latched ERROR survives a restart with every output safe")
    func latchSurvives() throws {
        let store = MemoryStateStore()
        var state = PumpState()
        state.phase = .error
        state.errorReason = .dryRun
        state.outputs[.refillValve] = true
        try store.save(SavedState(state, clock: ClockReading(monotonic: .zero, wall: WallInstant(secondsSinceEpoch: 1_800_000_000))))
        let bench = try Bench(store: store)
        try bench.controller.start(at: .zero) { _, _ in }
        #expect(bench.controller.machine.state.phase == .error)
        #expect(bench.level(22) == .low)
        bench.controller.handle(.trigger, at: Instant(seconds: 1))
        #expect(bench.controller.machine.state.phase == .error)
    }
}
