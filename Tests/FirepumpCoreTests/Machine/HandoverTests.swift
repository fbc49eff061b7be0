import FirepumpCore
import Testing

/// Issue 9 item 3: a restart (SIGUSR2 from `firepump stop-request`) hands the run over to the
/// next process; it never escapes a stop, and a state that cannot be saved makes it a stop.
@Suite("Handing a run over to the next process")
struct HandoverTests {
    /// A run with the defaults at T+100 s: RUNNING with the main, refill and priming valves open.
    static func running() -> Driver {
        var pump = Driver()
        pump.send(.trigger)
        pump.advance(to: t(100))
        return pump
    }

    @Test("a handover whose save reaches no copy becomes the stop SIGTERM gives: handover_abandoned, the stop steps, exit after the pulse")
    func unsavedHandoverStops() {
        var pump = Self.running()
        pump.send(.shutdown(keepRunning: true))
        #expect(pump.machine.readyToExit)
        let actions = pump.send(.stateSaveFailed(error: "fsync state.json.0: I/O error", savedIn: []))
        #expect(actions.contains(.event("handover_abandoned", [.field("error", "fsync state.json.0: I/O error")])))
        #expect(actions.contains(.phase(.running, .stopping)))
        #expect(!pump.outputs[.ignitionOn] && pump.outputs[.ignitionOff])
        #expect(!pump.machine.readyToExit, "the ignition-off pulse must finish before the process exits")
        pump.advance(to: t(105))
        #expect(pump.machine.readyToExit)
        #expect(pump.phase == .refilling && !pump.outputs[.refillValve] && !pump.outputs[.mainValve])
    }

    @Test("a handover saved in the runtime copy only goes on: the next process of the same boot reads that copy")
    func runtimeCopyIsEnough() {
        var pump = Self.running()
        let before = pump.outputs
        pump.send(.shutdown(keepRunning: true))
        let actions = pump.send(.stateSaveFailed(error: "fsync state.json.0: I/O error", savedIn: ["runtime"]))
        #expect(!actions.contains { $0.reportedEvent?.name == "handover_abandoned" })
        #expect(pump.outputs == before && pump.phase == .running)
        #expect(pump.machine.readyToExit)
    }

    @Test("a handover asked for while a stop for exit is under way changes nothing: the stop goes on")
    func handoverCannotUndoAStop() {
        var pump = Self.running()
        pump.send(.shutdown(keepRunning: false))
        #expect(pump.send(.shutdown(keepRunning: true)) == [])
        #expect(!pump.machine.readyToExit)
        pump.advance(to: t(105))
        #expect(pump.machine.readyToExit)
        #expect(pump.outputs == .safe)
    }

    @Test("a handover while refilling keeps the refill valve open; the next start refills to the original end")
    func refillGoesOn() throws {
        var pump = try Phases.reach(.refilling)
        let end = try #require(pump.state.deadlines[.phaseEnd]).at
        #expect(pump.outputs[.refillValve])
        pump.send(.shutdown(keepRunning: true))
        #expect(pump.outputs[.refillValve])
        let boot = pump.restart(after: 2)
        #expect(boot.filter { if case .drive = $0 { true } else { false } }.isEmpty, "\(boot)")
        #expect(pump.phase == .refilling)
        #expect(pump.send(.trigger) == [.event("trigger_blocked_refilling")])
        pump.advance(to: end)
        #expect(pump.phase == .cooldown && !pump.outputs[.refillValve])
        #expect(pump.phases.last?.at == end)
    }

    @Test("a handover in ERROR or LOCKOUT: the latch stays across the restart and nothing turns on", arguments: [Phase.error, .lockout])
    func latchStays(_ phase: Phase) throws {
        var pump = try Phases.reach(phase)
        pump.send(.shutdown(keepRunning: true))
        pump.restart(after: 2)
        #expect(pump.phase == phase)
        pump.send(.trigger)
        pump.advance(by: 3600)
        #expect(pump.phase == phase)
        #expect(pump.outputs == .safe)
    }

    /// Found by the standby property test in CI: the wall-clock round trip of a handover put
    /// `runningSince` 1e-7 s after the instant the run stopped, and the negative runtime made the
    /// next save invalid.
    @Test("a start time handed over a rounding error after now counts as no runtime, never a negative one")
    func roundingAfterHandover() {
        let pump = Self.running()
        var handedOver = pump.state
        handedOver.runningSince = pump.now + 1e-7
        var next = Driver(pump.config, at: pump.now, restoring: handedOver)
        next.send(.command(.stop))
        #expect(next.state.lastRunDuration >= 0)
        #expect(next.state.totalRuntime == handedOver.totalRuntime)
    }
}
