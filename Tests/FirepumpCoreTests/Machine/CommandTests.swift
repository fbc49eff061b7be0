import FirepumpCore
import Testing

/// Brings a pump into each phase, quickly: MAX_ENGINE_RUNTIME 60, PRIMING_DURATION 10,
/// REFILL_MULTIPLIER 1. Timeline: PRIMING 0, STARTING 2, RUNNING 7, REDUCING_RPM 52, STOPPING 67,
/// REFILLING 72, COOLDOWN 132, IDLE 192; the main valve closes at 667.
enum Phases {
    static let settings = ["MAX_ENGINE_RUNTIME": "60", "PRIMING_DURATION": "10", "REFILL_MULTIPLIER": "1"]

    static func reach(_ phase: Phase) throws -> Driver {
        switch phase {
        case .error:
            // A flow sensor that never sees flow: dry-run trip at 37, stop at 42, ERROR at 47.
            var pump = Driver(try pumpConfig(fitting: .flowSensor, with: settings.merging(["MAX_DRY_RUN_TIME": "30"]) { $1 }), inputs: [.flowSensor: false])
            pump.send(.trigger)
            pump.advance(to: t(50))
            return pump
        case .lockout:
            var pump = Driver(try pumpConfig(settings))
            _ = pump.command(.stop, at: t(0))
            return pump
        default:
            let at: [Phase: Double] = [.idle: 0, .priming: 1, .starting: 3, .running: 20, .reducingRPM: 55, .stopping: 68, .refilling: 80, .cooldown: 140]
            var pump = Driver(try pumpConfig(settings))
            if phase != .idle { pump.send(.trigger) }
            pump.advance(to: t(at[phase]!))
            return pump
        }
    }
}

/// Target §8 emergency commands, in every phase, and the emergency button (§7).
@Suite("Emergency commands and button")
struct CommandTests {
    static let runPhases: Set<Phase> = [.priming, .starting, .running, .reducingRPM]

    private func names(_ actions: [WireAction]) -> [String] { actions.compactMap(\.reportedEvent).map(\.name) }

    private func refused(_ actions: [WireAction], _ command: Command) -> Bool {
        actions.compactMap(\.reportedEvent).contains { $0.name == "emergency_command_refused" && $0["command"] == .string(command.rawValue) }
            && !actions.contains { if case .drive = $0 { true } else if case .phaseChanged = $0 { true } else { false } }
    }

    @Test("start and bypass_start in every phase", arguments: [Command.start, .bypassStart], Phase.allCases)
    func start(_ command: Command, in phase: Phase) throws {
        var pump = try Phases.reach(phase)
        #expect(pump.phase == phase)
        let before = pump.outputs
        let actions = pump.send(.command(command))
        switch phase {
        case .idle, .refilling, .cooldown:
            #expect(pump.phase == .priming)
            #expect(names(actions).prefix(2) == ["emergency_bypass_start", "pump_sequence_start"])
            #expect(pump.outputs[.mainValve] && pump.outputs[.primingValve] && pump.outputs[.refillValve])
        case .priming, .starting, .running, .reducingRPM:
            #expect(pump.phase == phase, "a running pump is not re-cranked (H14)")
            #expect(names(actions) == ["emergency_bypass_start"])
            #expect(actions.first?.reportedEvent?["result"] == "already running")
            #expect(pump.outputs == before)
            #expect(pump.state.deadlines[.fireOff]?.at == pump.now + 1800, "it extends the run like a trigger")
        case .stopping, .error, .lockout:
            #expect(refused(actions, command))
            #expect(pump.phase == phase)
        }
    }

    @Test("stop and emergency_stop in every phase: immediate stop, then LOCKOUT", arguments: [Command.stop, .emergencyStop], Phase.allCases)
    func stop(_ command: Command, in phase: Phase) throws {
        var pump = try Phases.reach(phase)
        let valvePending = pump.state.deadlines[.mainValveClose] != nil
        let actions = pump.send(.command(command))
        #expect(actions.first == .event("emergency_stop", [.field("previous_state", .string(phase.rawValue))]))
        switch phase {
        case .priming, .starting, .running, .reducingRPM:
            #expect(pump.phase == .stopping, "no RPM-reduction wait")
            #expect(!pump.outputs[.ignitionOn] && !pump.outputs[.ignitionStart])
            #expect(pump.outputs[.ignitionOff], "the ignition-off pulse starts at once")
            #expect(!pump.outputs[.primingValve] && !pump.outputs[.refillValve])
            #expect(pump.outputs[.mainValve], "the main valve waits VALVE_CLOSE_DELAY")
            let stoppedAt = pump.now
            pump.advance(by: 5)
            #expect(pump.phase == .lockout)
            #expect(!pump.outputs[.ignitionOff] && !pump.outputs[.rpmReduce])
            #expect(pump.outputs[.mainValve])
            pump.advance(to: stoppedAt + 600)
            #expect(pump.outputs == .safe)
        case .stopping:
            #expect(pump.phase == .stopping)
            #expect(!pump.outputs[.refillValve])
            pump.advance(by: 5)
            #expect(pump.phase == .lockout, "the stop in progress ends in LOCKOUT instead of a refill")
            #expect(!pump.reported("refill_continuing"))
        case .idle, .refilling, .cooldown, .error:
            #expect(pump.phase == .lockout)
            #expect(pump.outputs[.mainValve] == valvePending, "a pending main-valve close keeps its delay")
            #expect(!pump.outputs[.refillValve] && !pump.outputs[.ignitionOn] && !pump.outputs[.ignitionOff])
        case .lockout:
            #expect(pump.phase == .lockout)
            #expect(actions.count == 1)
        }
        #expect(pump.phase == .lockout || pump.phase == .stopping)
        // Latched until reset.
        pump.advance(by: 3600)
        #expect(pump.phase == .lockout)
        #expect(pump.send(.trigger) == [.event("trigger_blocked_lockout")])
        #expect(refused(pump.send(.command(.start)), .start))
        pump.restart(after: 30)
        #expect(pump.phase == .lockout, "the latch survives a restart (H2)")
        _ = pump.send(.command(.reset))
        #expect(pump.phase == .idle)
        pump.send(.trigger)
        #expect(pump.phase == .priming)
    }

    @Test("stop while RUNNING: the exact immediate stop sequence")
    func stopWhileRunning() throws {
        var pump = try Phases.reach(.running)
        let actions = pump.command(.stop, at: t(20))
        #expect(actions == [
            .event("emergency_stop", [.field("previous_state", "RUNNING")]),
            .phase(.running, .stopping),
            .event("shutdown_initiated", [.field("reason", "emergency_stop"), .field("previous_state", "RUNNING")]),
            .on(.rpmReduce), .off(.ignitionOn), .on(.ignitionOff), .off(.refillValve),
            .persist,
        ])
        let end = pump.advance(to: t(25))
        #expect(end.actions.withoutHealth == [
            .off(.ignitionOff), .off(.rpmReduce), .event("shutdown_complete", [.field("runtime", 13)]),
            .phase(.stopping, .lockout), .event("lockout_entered"), .persist,
        ])
        #expect(pump.outputs[.mainValve])
        pump.advance(to: t(620))
        #expect(pump.lastChange(of: .mainValve, to: false) == t(620))
    }

    @Test("reset in every phase", arguments: Phase.allCases)
    func reset(in phase: Phase) throws {
        var pump = try Phases.reach(phase)
        let actions = pump.send(.command(.reset))
        switch phase {
        case .error, .lockout, .refilling, .cooldown:
            #expect(pump.phase == .idle)
            #expect(names(actions) == ["emergency_reset"])
            #expect(actions.compactMap(\.reportedEvent).first?["previous_state"] == .string(phase.rawValue))
            #expect(pump.state.errorReason == nil)
            #expect(!pump.outputs[.refillValve] && !pump.outputs[.ignitionOn])
        case .idle:
            #expect(actions == [.event("emergency_reset", [.field("previous_state", "IDLE")])])
        case .priming, .starting, .running, .reducingRPM, .stopping:
            #expect(refused(actions, .reset), "a run is ended with stop, not reset")
            #expect(pump.phase == phase)
        }
    }

    @Test("valve_open in every phase", arguments: Phase.allCases)
    func valveOpen(in phase: Phase) throws {
        var pump = try Phases.reach(phase)
        let actions = pump.send(.command(.valveOpen))
        switch phase {
        case .idle, .refilling, .cooldown:
            #expect(pump.outputs[.mainValve])
            #expect(names(actions) == ["emergency_valve_open"])
            #expect(pump.state.deadlines[.mainValveClose] == nil, "an operator-opened valve is not closed by an old deadline")
            if phase == .idle {
                pump.advance(by: 3600)
                #expect(pump.outputs[.mainValve])
            }
        case .priming, .starting, .running, .reducingRPM:
            #expect(actions.compactMap(\.reportedEvent) == [ReportedEvent("emergency_valve_open", [.field("result", "already open")])])
        case .stopping, .error, .lockout:
            #expect(refused(actions, .valveOpen), "no output turns on in ERROR/LOCKOUT")
        }
        #expect(pump.phase == phase)
    }

    @Test("valve_close in every phase: refused while the engine may run (M1)", arguments: Phase.allCases)
    func valveClose(in phase: Phase) throws {
        var pump = try Phases.reach(phase)
        let actions = pump.send(.command(.valveClose))
        switch phase {
        case .idle, .refilling, .cooldown, .error, .lockout:
            #expect(!pump.outputs[.mainValve])
            #expect(names(actions) == ["emergency_valve_close"])
            #expect(pump.phase == phase)
        case .priming, .starting, .running, .reducingRPM, .stopping:
            #expect(refused(actions, .valveClose))
            #expect(pump.outputs[.mainValve])
        }
    }

    @Test("every command in every phase is answered with an event", arguments: Command.allCases, Phase.allCases)
    func everyCommandAnswered(_ command: Command, in phase: Phase) throws {
        var pump = try Phases.reach(phase)
        let actions = pump.send(.command(command))
        #expect(!names(actions).isEmpty)
    }

    @Test("bypass_start during a fire-off RPM reduction cancels that stop")
    func bypassCancelsFireOff() throws {
        var pump = Driver(try pumpConfig(["FIRE_OFF_DELAY": "100"]))
        pump.send(.trigger)
        pump.advance(to: t(101))
        #expect(pump.phase == .reducingRPM)
        _ = pump.command(.bypassStart, at: t(102))
        #expect(pump.phase == .running)
        pump.advance(to: t(200))
        #expect(pump.phase == .running)
    }

    @Test("ERROR refuses triggers and start; only reset leaves it")
    func errorIsLatched() throws {
        var pump = try Phases.reach(.error)
        #expect(pump.send(.trigger) == [.event("error_state_trigger_ignored", [.field("reason", "dry run")])])
        #expect(refused(pump.send(.command(.bypassStart)), .bypassStart))
        pump.advance(by: 100_000)
        #expect(pump.phase == .error)
        #expect(pump.outputs == .safe)
        _ = pump.send(.command(.reset))
        #expect(pump.phase == .idle)
    }

    // MARK: Emergency button

    static func button() throws -> Driver {
        Driver(try pumpConfig(fitting: .emergencyButton), inputs: [.emergencyButton: false])
    }

    @Test("a button press (held past INPUT_DEBOUNCE) is a trigger")
    func buttonPress() throws {
        var pump = try Self.button()
        pump.input(.emergencyButton, true, at: t(10))
        pump.advance(to: t(10.4))
        #expect(pump.phase == .idle)
        let press = pump.advance(to: t(10.5))
        #expect(press.actions.prefix(3) == [.event("emergency_button_pressed"), .phase(.idle, .priming), .event("pump_sequence_start")])
        pump.input(.emergencyButton, false, at: t(11))
        pump.advance(to: t(100))
        #expect(pump.phase == .running)
    }

    @Test("a button bounce shorter than INPUT_DEBOUNCE does nothing")
    func buttonBounce() throws {
        var pump = try Self.button()
        pump.input(.emergencyButton, true, at: t(10))
        pump.input(.emergencyButton, false, at: t(10.2))
        pump.advance(to: t(100))
        #expect(pump.phase == .idle)
        #expect(!pump.reported("emergency_button_pressed"))
    }

    @Test("a long press (≥ 3 s) is an emergency stop: LOCKOUT")
    func buttonLongPress() throws {
        var pump = try Self.button()
        pump.send(.trigger)
        pump.advance(to: t(100))
        pump.input(.emergencyButton, true, at: t(100))
        pump.advance(to: t(102.9))
        #expect(pump.phase == .running)
        pump.advance(to: t(103))
        #expect(pump.reports("emergency_button_long_press").map(\.at) == [t(103)])
        #expect(pump.phase == .stopping)
        #expect(!pump.outputs[.ignitionOn] && pump.outputs[.ignitionOff])
        pump.input(.emergencyButton, false, at: t(104))
        pump.advance(to: t(200))
        #expect(pump.phase == .lockout)
        // A later short press is refused in LOCKOUT.
        pump.input(.emergencyButton, true, at: t(300))
        pump.input(.emergencyButton, false, at: t(301))
        pump.advance(to: t(400))
        #expect(pump.phase == .lockout)
        #expect(pump.reported("trigger_blocked_lockout"))
    }

    @Test("released before 3 s: a press, not a stop")
    func buttonReleasedInTime() throws {
        var pump = try Self.button()
        pump.input(.emergencyButton, true, at: t(10))
        pump.input(.emergencyButton, false, at: t(12.9))
        pump.advance(to: t(100))
        #expect(pump.phase == .running)
        #expect(!pump.reported("emergency_button_long_press"))
    }

    @Test("a press while running re-arms the fire-off deadline")
    func buttonWhileRunning() throws {
        var pump = try Self.button()
        pump.send(.trigger)
        pump.input(.emergencyButton, true, at: t(500))
        pump.input(.emergencyButton, false, at: t(501))
        pump.advance(to: t(502))
        #expect(pump.state.deadlines[.fireOff]?.at == t(500.5 + 1800))
    }
}
