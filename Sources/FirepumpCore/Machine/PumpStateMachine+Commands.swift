/// Operator commands (`fire/emergency`). Every command is answered with an event naming what
/// was done or why it was refused. Nothing starts from ERROR or LOCKOUT until `reset`.
extension PumpStateMachine {
    mutating func handle(_ command: Command, at now: Instant) {
        switch command {
        case .start, .bypassStart: bypassStart(command, at: now)
        case .stop, .emergencyStop:
            report(.emergencyStop(previous: state.phase))
            emergencyStop(at: now)
        case .reset: reset(at: now)
        case .valveOpen: valveOpen()
        case .valveClose: valveClose()
        case .exercise: startExercise(at: now)
        }
    }

    private mutating func refuse(_ command: Command, _ reason: CommandRefusal) {
        report(.emergencyCommandRefused(command, reason))
    }

    /// Starts regardless of refill lockout, float or low reservoir. A running pump is not
    /// re-cranked (H14): the command extends the run like a trigger.
    private mutating func bypassStart(_ command: Command, at now: Instant) {
        switch state.phase {
        case .idle, .refilling, .cooldown:
            startRun(at: now, bypass: true)
        case .priming, .starting, .running, .reducingRPM:
            takeOverExercise()
            report(.emergencyBypassStart(alreadyRunning: true))
            rearmFireOff(at: now)
            if state.phase == .reducingRPM, state.stopReason == .fireOff { triggerDuringFireOffStop(at: now) }
        case .stopping:
            refuse(command, .stopInProgress)
        case .error, .lockout:
            refuse(command, .latched(state.phase))
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
            state.deadlines[.phaseEnd] = nil
            enter(.idle)
            driveSafe()
            report(.emergencyReset(previous: previous))
            clearLatchedTroubles()
        case .idle:
            report(.emergencyReset(previous: .idle))
            clearLatchedTroubles()
        case .priming, .starting, .running, .reducingRPM, .stopping:
            refuse(.reset, .runInProgress)
        }
    }

    private mutating func valveOpen() {
        switch state.phase {
        case .idle, .refilling, .cooldown:
            state.deadlines[.mainValveClose] = nil
            drive(.mainValve, true)
            report(.emergencyValveOpen(alreadyOpen: false))
        case .priming, .starting, .running, .reducingRPM:
            report(.emergencyValveOpen(alreadyOpen: true))
        case .stopping:
            refuse(.valveOpen, .stopInProgress)
        case .error, .lockout:
            refuse(.valveOpen, .latched(state.phase))
        }
    }

    /// Closing the main valve under a running engine would deadhead the pump (M1).
    private mutating func valveClose() {
        switch state.phase {
        case .idle, .refilling, .cooldown, .error, .lockout:
            state.deadlines[.mainValveClose] = nil
            drive(.mainValve, false)
            report(.emergencyValveClose)
        case .priming, .starting, .running, .reducingRPM, .stopping:
            refuse(.valveClose, .engineRunning)
        }
    }
}
