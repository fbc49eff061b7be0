import FirepumpCore
import Testing

/// Target §6: refill, cooldown, the float switch, and what a trigger does meanwhile.
@Suite("Refill and cooldown")
struct RefillTests {
    /// Float fitted and reading "not full"; a default run stopped at max runtime (T+1807), REFILLING from T+1812.
    static func refilling() throws -> Driver {
        var pump = Driver(try pumpConfig(fitting: .reservoirFloat), inputs: [.reservoirFloat: false])
        pump.send(.trigger)
        pump.advance(to: t(1850))
        #expect(pump.phase == .refilling)
        return pump
    }

    @Test("the float reading full ends the refill early: refill valve off, COOLDOWN; the main valve keeps its close delay (M4)")
    func floatEndsRefill() throws {
        var pump = try Self.refilling()
        pump.input(.reservoirFloat, true, at: t(1900))
        let done = pump.advance(to: t(1900.5))
        #expect(done.filter { $0.at == t(1900.5) }.actions.withoutHealth == [
            .off(.refillValve), .event("refill_complete_float_switch"), .phase(.refilling, .cooldown), .event("cooldown_entered"), .persist,
        ])
        #expect(pump.outputs[.mainValve])
        pump.advance(to: t(1960.5))
        #expect(pump.phase == .idle)
        #expect(pump.outputs[.mainValve], "IDLE does not cut the VALVE_CLOSE_DELAY short")
        pump.advance(to: t(2407))
        #expect(!pump.outputs[.mainValve])
        #expect(pump.lastChange(of: .mainValve, to: false) == t(2407))
    }

    @Test("a float already full when the engine stops skips the refill")
    func floatAlreadyFull() throws {
        var pump = Driver(try pumpConfig(fitting: .reservoirFloat), inputs: [.reservoirFloat: true])
        pump.send(.trigger)
        pump.advance(to: t(1812))
        #expect(pump.phase == .cooldown)
        #expect(!pump.outputs[.refillValve])
        #expect(pump.reported("refill_complete_float_switch"))
        #expect(!pump.phases.contains { $0.to == .refilling })
    }

    @Test("a float bounce shorter than INPUT_DEBOUNCE does not end the refill")
    func floatBounce() throws {
        var pump = try Self.refilling()
        pump.input(.reservoirFloat, true, at: t(1900))
        pump.input(.reservoirFloat, false, at: t(1900.2))
        pump.advance(to: t(3000))
        #expect(pump.phase == .refilling)
    }

    @Test("the float outside REFILLING changes nothing")
    func floatOutsideRefill() throws {
        var pump = Driver(try pumpConfig(fitting: .reservoirFloat), inputs: [.reservoirFloat: false])
        pump.send(.trigger)
        pump.input(.reservoirFloat, true, at: t(100))
        pump.advance(to: t(200))
        #expect(pump.phase == .running)
        #expect(!pump.reported("refill_complete_float_switch"))
    }

    @Test("a trigger during REFILLING without a full float is refused with trigger_blocked_refilling")
    func triggerRefusedWhileRefilling() throws {
        var pump = try Self.refilling()
        let actions = pump.send(.trigger)
        #expect(actions == [.event("trigger_blocked_refilling")])
        #expect(pump.phase == .refilling)

        var noFloat = Driver()
        noFloat.send(.trigger)
        noFloat.advance(to: t(2000))
        #expect(noFloat.send(.trigger) == [.event("trigger_blocked_refilling")])
    }

    @Test("a trigger during COOLDOWN is refused unless the float reads full")
    func triggerInCooldown() throws {
        var pump = Driver(try pumpConfig(["FIRE_OFF_DELAY": "100", "REFILL_MULTIPLIER": "1"]))
        pump.send(.trigger)
        pump.advance(to: t(210))
        #expect(pump.phase == .cooldown)
        #expect(pump.send(.trigger) == [.event("trigger_blocked_refilling")])
    }

    @Test("a trigger during COOLDOWN with the float full starts at once, and the old cooldown end does not act on the new run (C3)")
    func restartFromCooldown() throws {
        var pump = try Self.refilling()
        pump.input(.reservoirFloat, true, at: t(1900))
        pump.advance(to: t(1930))
        #expect(pump.phase == .cooldown)
        pump.trigger(at: t(1930))
        #expect(pump.phase == .priming)
        #expect(pump.state.run == 2)
        pump.advance(to: t(2500))
        #expect(pump.phase == .running, "the cooldown end (T+1960.5) and the main-valve close (T+2407) of run 1 did nothing")
        #expect(pump.outputs[.mainValve] && pump.outputs[.ignitionOn])
        #expect(!pump.reported("idle_state_entered"))
        #expect(!pump.reported("main_valve_closed"))
        #expect(pump.changes(of: .ignitionOn).map(\.at) == [t(7), t(1807), t(1937)])
    }

    @Test("bypass_start during REFILLING starts at once, and the old refill end does not act (C3)")
    func bypassFromRefilling() throws {
        var pump = try Self.refilling()
        _ = pump.command(.bypassStart, at: t(1900))
        #expect(pump.phase == .priming)
        pump.advance(to: t(2500))
        #expect(pump.phase == .running)
        #expect(pump.outputs[.mainValve] && pump.outputs[.refillValve])
    }

    @Test("reset during REFILLING ends the refill lockout")
    func resetEndsRefill() throws {
        var pump = try Self.refilling()
        _ = pump.command(.reset, at: t(1900))
        #expect(pump.phase == .idle)
        #expect(!pump.outputs[.refillValve])
        #expect(pump.outputs[.mainValve], "still within VALVE_CLOSE_DELAY of the engine stop")
        pump.trigger(at: t(1901))
        #expect(pump.phase == .priming)
    }

    @Test("the refill valve stays open through the whole refill and the reported refill state follows it")
    func refillLockoutFlag() throws {
        var pump = try Self.refilling()
        #expect(!pump.state.refillComplete)
        #expect(pump.outputs[.refillValve])
        pump.input(.reservoirFloat, true, at: t(1900))
        pump.advance(to: t(1901))
        #expect(pump.state.refillComplete)
    }
}
