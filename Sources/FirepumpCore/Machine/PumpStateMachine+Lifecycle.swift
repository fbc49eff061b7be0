/// Boot, restart reconciliation and shutdown (target §9).
extension PumpStateMachine {
    /// Reads the inputs as they are (no debounce at boot), arms health, and reconciles a
    /// persisted state: latches stay latched with outputs safe; a run, refill or cooldown resumes
    /// on its remaining deadlines (any that passed while the service was down are handled at
    /// once, so a run whose max runtime passed goes through the stop sequence).
    mutating func boot(_ levels: [InputRole: Bool], at now: Instant) {
        inputs = [:]
        for role in InputRole.allCases where config.isFitted(role) {
            inputs[role] = InputTracker(active: levels[role] ?? role.brokenWireReadsActive, at: now)
        }
        healthDue = now + config.timing.healthInterval
        longPressAt = nil
        switch state.phase {
        case .idle:
            break
        case .error, .lockout:
            if let close = state.deadlines.mainValveClose, close.at <= now { state.deadlines.mainValveClose = nil }
            driveSafe()
        case .priming, .starting, .running, .reducingRPM, .stopping, .refilling, .cooldown:
            report(.recoveredAfterRestart(previous: state.phase))
            // Closed by a clean shutdown (still open after a crash): the refill goes on.
            if state.phase == .refilling { drive(.refillValve, true) }
        }
    }

    /// After a restart, the sensors may read differently from when the state was saved (the water
    /// stopped, the pressure dropped, the tank filled while the service was down): act on what they
    /// read now as if it had just settled, once the deadlines that passed meanwhile are handled.
    /// Not the emergency button (a held button at boot is not a press) and not the low-reservoir
    /// switch (a run started with `bypass_start` on an empty tank must survive a restart).
    mutating func reconcileInputs(at now: Instant) {
        for role in InputRole.allCases where role != .emergencyButton && role != .reservoirLow {
            if let tracker = inputs[role] { inputSettled(role, active: tracker.stable, since: now, at: now) }
        }
    }

    /// SIGTERM/SIGINT. Unless `keepRunning`, a run ends with the stop sequence's electrical steps
    /// at once (ignition off and the ignition-off pulse, then every output safe) before the owner
    /// exits; otherwise every output goes safe now. The refill a stopped run owes is kept (with
    /// its valve closed), so the refill lockout survives the restart and the next start reopens
    /// the valve for the remaining time. With `keepRunning` nothing changes: the state is saved
    /// and the next start resumes it.
    mutating func shutdown(keepRunning: Bool, at now: Instant) {
        shutdownRequested = true
        keepsOutputsOnExit = keepRunning
        report(.controllerShutdown(keepRunning: keepRunning))
        guard !keepRunning else { return }
        switch state.phase {
        case .priming, .starting, .running, .reducingRPM:
            beginStopping(.shutdown, at: now)
        case .stopping:
            break
        case .idle, .refilling, .cooldown, .error, .lockout:
            state.deadlines.mainValveClose = nil
            driveSafe()
        }
    }
}
