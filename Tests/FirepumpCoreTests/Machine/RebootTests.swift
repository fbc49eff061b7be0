import FirepumpCore
import Testing

/// A reboot is not a crash: after a power cut the relay board lost power, so the engine stopped
/// and every relay is off, whatever the saved state says.
@Suite("Reboots and power cuts")
struct RebootTests {
    @Test("a reboot mid-run starts again through priming and cranking; the runtime already spent still counts")
    func runRestartsAndKeepsRuntime() {
        var pump = Driver()
        pump.send(.trigger)
        pump.advance(to: t(600)) // RUNNING since T+7; checkpoints every 30 s, the last at T+577
        #expect(pump.state.engineAliveAt == t(577))
        let boot = pump.reboot(after: 60)
        #expect(boot.first == .event("recovered_after_reboot", [.field("previous_state", "RUNNING")]))
        #expect(pump.phase == .priming)
        #expect(pump.outputs[.mainValve] && pump.outputs[.primingValve] && pump.outputs[.refillValve])
        #expect(!pump.outputs[.ignitionOn], "never re-energised without cranking")
        pump.advance(to: t(667))
        #expect(pump.phase == .running)
        #expect(pump.changes(of: .ignitionStart).map(\.at) == [t(2), t(7), t(662), t(667)])
        pump.trigger(at: t(1000))
        pump.trigger(at: t(1700))
        pump.advance(to: t(4000))
        // 570 s known + one 30 s checkpoint interval = 600 s spent: 1200 s left from T+667.
        #expect(pump.entered(.reducingRPM) == t(1852))
        #expect(pump.entered(.stopping) == t(1867))
        #expect(pump.reports("shutdown_initiated").map { $0.event["reason"] } == ["max_runtime"])
        #expect(pump.reports("shutdown_complete").first?.event["runtime"] == 1800)
    }

    @Test("crank, brownout reboot, crank, reboot ... ends in engine_start_failed and ERROR, not a loop")
    func crankRebootLoopEnds() {
        var pump = Driver()
        pump.send(.trigger)
        pump.advance(to: t(3))
        #expect(pump.state.crankAttempts == 1)
        pump.reboot(after: 20) // T+23: priming again
        pump.advance(to: t(26)) // second crank at T+25
        #expect(pump.state.crankAttempts == 2)
        pump.reboot(after: 20) // T+46
        pump.advance(to: t(49))
        #expect(pump.state.crankAttempts == 3)
        let third = pump.reboot(after: 20) // T+69: attempts used up
        #expect(third.contains(.event("engine_start_failed", [.field("attempts", 3)])))
        pump.advance(to: t(200))
        #expect(pump.phase == .error)
        #expect(pump.state.errorReason == .failToStart)
        #expect(!pump.outputs[.ignitionStart] && !pump.outputs[.ignitionOn])
    }

    @Test("a run whose runtime was used up before the reboot does not start again")
    func runtimeUsedUp() throws {
        var pump = Driver(try pumpConfig(["MAX_ENGINE_RUNTIME": "120", "RPM_REDUCTION_LEAD": "10", "PRIMING_DURATION": "10"]))
        pump.send(.trigger)
        pump.advance(to: t(100)) // running since 7: 90 s known (checkpoint 97) + 30 ≥ 120
        pump.reboot(after: 5)
        #expect(pump.phase == .stopping)
        #expect(!pump.outputs[.ignitionStart] && !pump.outputs[.ignitionOn] && !pump.outputs[.mainValve])
        pump.advance(to: t(200))
        #expect(pump.phase == .refilling)
        #expect(pump.reports("shutdown_initiated").last?.event["reason"] == "max_runtime")
    }

    @Test("a reboot during the stop pulse: the stop has happened, the refill goes on with its valve open")
    func rebootWhileStopping() {
        var pump = Driver()
        pump.send(.trigger)
        pump.advance(to: t(1808)) // STOPPING from T+1807
        pump.reboot(after: 30)
        #expect(pump.phase == .refilling)
        #expect(pump.outputs[.refillValve] && !pump.outputs[.ignitionOff] && !pump.outputs[.mainValve])
    }

    @Test("a reboot during REFILLING reopens the refill valve; LOCKOUT stays latched with every relay off")
    func refillingAndLockout() {
        var refill = Driver()
        refill.send(.trigger)
        refill.advance(to: t(2000))
        #expect(refill.phase == .refilling)
        refill.reboot(after: 100)
        #expect(refill.phase == .refilling && refill.outputs[.refillValve])

        var locked = Driver()
        locked.send(.trigger)
        _ = locked.command(.stop, at: t(100))
        locked.advance(to: t(200))
        #expect(locked.phase == .lockout && locked.outputs[.mainValve], "main valve still in its close delay")
        let boot = locked.reboot(after: 10)
        #expect(locked.phase == .lockout)
        #expect(locked.outputs == .safe)
        #expect(boot.withoutHealth == [.persist], "nothing to drive: the relays are already off; the state records it")
    }
}
