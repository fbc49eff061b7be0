/// Operator commands (`fire/emergency`). Every command is answered with an event naming what
/// was done or why it was refused. Nothing starts from ERROR or LOCKOUT until `reset`.
extension PumpStateMachine {
    mutating func handle(_ command: Command, at now: Instant) {
        switch command {
        case .start, .bypassStart: bypassStart(command, at: now)
        case .stop, .emergencyStop:
            report("emergency_stop", [.init("previous_state", .string(state.phase.rawValue))])
            emergencyStop(at: now)
        case .reset: reset(at: now)
        case .valveOpen: valveOpen()
        case .valveClose: valveClose()
        }
    }

    private mutating func refuse(_ command: Command, _ reason: String) {
        report("emergency_command_refused", [.init("command", .string(command.rawValue)), .init("reason", .string(reason))])
    }

    /// Starts regardless of refill lockout, float or low reservoir. A running pump is not
    /// re-cranked (H14): the command extends the run like a trigger.
    private mutating func bypassStart(_ command: Command, at now: Instant) {
        switch state.phase {
        case .idle, .refilling, .cooldown:
            startRun(at: now, bypass: true)
        case .priming, .starting, .running, .reducingRPM:
            report("emergency_bypass_start", [.init("result", "already running")])
            rearmFireOff(at: now)
            if state.phase == .reducingRPM, state.stopReason == .fireOff { cancelFireOffStop() }
        case .stopping:
            refuse(command, "stop in progress")
        case .error, .lockout:
            refuse(command, "\(state.phase.rawValue) is latched: send reset first")
        }
    }

    /// Leaves ERROR or LOCKOUT, or ends a refill lockout, to IDLE. Refused while a run is in
    /// progress: `stop` is the way to end a run.
    private mutating func reset(at now: Instant) {
        switch state.phase {
        case .error, .lockout, .refilling, .cooldown:
            let previous = state.phase
            state.errorReason = nil
            state.pendingLatch = nil
            state.deadlines.phaseEnd = nil
            enter(.idle)
            driveSafe()
            report("emergency_reset", [.init("previous_state", .string(previous.rawValue))])
        case .idle:
            report("emergency_reset", [.init("previous_state", "IDLE")])
        case .priming, .starting, .running, .reducingRPM, .stopping:
            refuse(.reset, "a run is in progress: send stop to end it")
        }
    }

    private mutating func valveOpen() {
        switch state.phase {
        case .idle, .refilling, .cooldown:
            state.deadlines.mainValveClose = nil
            drive(.mainValve, true)
            report("emergency_valve_open")
        case .priming, .starting, .running, .reducingRPM:
            report("emergency_valve_open", [.init("result", "already open")])
        case .stopping:
            refuse(.valveOpen, "stop in progress")
        case .error, .lockout:
            refuse(.valveOpen, "\(state.phase.rawValue) is latched: send reset first")
        }
    }

    /// Closing the main valve under a running engine would deadhead the pump (M1).
    private mutating func valveClose() {
        switch state.phase {
        case .idle, .refilling, .cooldown, .error, .lockout:
            state.deadlines.mainValveClose = nil
            drive(.mainValve, false)
            report("emergency_valve_close")
        case .priming, .starting, .running, .reducingRPM, .stopping:
            refuse(.valveClose, "the engine is running")
        }
    }
}
