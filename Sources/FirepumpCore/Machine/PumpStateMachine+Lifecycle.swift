/// Boot, restart reconciliation and shutdown (target §9).
extension PumpStateMachine {
    /// How often a running engine's runtime is checkpointed into the saved state: after a reboot
    /// the runtime spent is counted up to one interval too high, never too low.
    public static let runtimeCheckpointInterval = 30.0

    /// Reads the inputs as they are (no debounce at boot), arms health, and reconciles a
    /// persisted state: latches stay latched with outputs safe; a run, refill or cooldown resumes
    /// on its remaining deadlines (any that passed while the service was down are handled at
    /// once, so a run whose max runtime passed goes through the stop sequence).
    mutating func boot(_ levels: [InputRole: Bool], rebooted: Bool, at now: Instant) {
        inputs = CaseTable { role in
            config.isFitted(role) ? InputTracker(active: levels[role] ?? role.brokenWireReadsActive, at: now) : nil
        }
        healthDue = now + config.timing.healthInterval
        longPressAt = nil
        if rebooted {
            bootAfterReboot(at: now)
            return
        }
        switch state.phase {
        case .idle:
            break
        case .error, .lockout:
            if let close = state.deadlines[.mainValveClose], close.at <= now { state.deadlines[.mainValveClose] = nil }
            driveSafe()
        case .priming, .starting, .running, .reducingRPM, .stopping, .refilling, .cooldown:
            report(.recoveredAfterRestart(previous: state.phase))
            // Closed by a clean shutdown (still open after a crash): the refill goes on.
            if state.phase == .refilling { drive(.refillValve, true) }
        }
    }

    /// What the saved state says about exercises: a failed one stays a trouble until one passes;
    /// a due instant is dropped when the schedule was turned off.
    mutating func restoreExerciseRecord(at now: Instant) {
        if config.exerciseSchedule == nil { state.exerciseDue = nil }
        if state.failedExercise != nil { raise(.exerciseFailed, at: now) }
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

    /// SIGTERM/SIGINT, or a handover to the next process (`keepRunning`).
    ///
    /// A stop: a run ends with the stop sequence's electrical steps at once (ignition off and the
    /// ignition-off pulse, then every output safe) before the owner exits; otherwise every output
    /// goes safe now. The refill a stopped run owes is kept (with its valve closed), so the refill
    /// lockout survives the restart and the next start reopens the valve for the remaining time.
    ///
    /// A handover (`systemctl restart`, a package upgrade): nothing changes, the state is saved
    /// once more (the next process resumes from that record, max runtime and every other deadline
    /// included) and the owner may exit at once, leaving every output as it is. If that save
    /// reaches no copy, ``stateSaveFailed(error:savedIn:at:)`` turns it into a stop. A handover
    /// asked for while a stop for exit is under way changes nothing: it cannot undo the stop.
    mutating func shutdown(keepRunning: Bool, at now: Instant) {
        if keepRunning, makingSafeForExit { return }
        shutdownRequested = true
        keepsOutputsOnExit = keepRunning
        report(.controllerShutdown(keepRunning: keepRunning))
        guard !keepRunning else {
            report(.handover(phase: state.phase, run: state.run))
            actions.append(.persist)
            return
        }
        stopForExit(at: now)
    }

    /// The handover's save reached no copy: the next process would have no record of the run,
    /// so the run is stopped now instead, as on SIGTERM.
    mutating func abandonHandover(error: String, at now: Instant) {
        report(.handoverAbandoned(error: error))
        keepsOutputsOnExit = false
        stopForExit(at: now)
    }

    private mutating func stopForExit(at now: Instant) {
        switch state.phase {
        case .priming, .starting, .running, .reducingRPM:
            beginStopping(.shutdown, at: now)
        case .stopping:
            break
        case .idle, .refilling, .cooldown, .error, .lockout:
            state.deadlines[.mainValveClose] = nil
            driveSafe()
        }
    }

    /// After a reboot or power cut the relay board lost power: every relay is off, the engine
    /// has stopped and the main valve has closed, whatever the saved state says. A fire run starts
    /// again through priming and cranking, with the runtime already spent counted against
    /// `MAX_ENGINE_RUNTIME` and crank attempts counted across reboots (crank → brownout → reboot →
    /// crank ends in `engine_start_failed`, not a loop). A stop in progress has happened; a refill
    /// reopens its valve for the remaining time; latches stay latched.
    mutating func bootAfterReboot(at now: Instant) {
        state.outputs = .safe
        state.deadlines[.mainValveClose] = nil
        switch state.phase {
        case .idle, .error, .lockout:
            return
        case .priming, .starting, .running, .reducingRPM:
            report(.recoveredAfterReboot(previous: state.phase))
            restartRunAfterReboot(at: now)
        case .stopping:
            report(.recoveredAfterReboot(previous: state.phase))
            arm(.phaseEnd, at: now)
        case .refilling:
            report(.recoveredAfterReboot(previous: state.phase))
            drive(.refillValve, true)
        case .cooldown:
            report(.recoveredAfterReboot(previous: state.phase))
        }
    }

    /// The run goes on from the start of its sequence, unless its runtime or its crank attempts
    /// are used up.
    private mutating func restartRunAfterReboot(at now: Instant) {
        if let since = state.runningSince {
            // The engine ran at least until its last checkpoint, and at most one interval more.
            let known = (state.engineAliveAt ?? since) - since
            state.runtimeBeforeReboot += max(0, known) + Self.runtimeCheckpointInterval
        }
        state.stopReason = nil
        forgetEngineRun(clearing: [.phaseEnd, .primingEnd, .pressureWatch, .dryRun, .rpmLead, .maxRuntime, .exerciseEnd, .oilSettle])
        if state.runtimeBeforeReboot >= config.timing.maxEngineRuntime {
            beginStopping(.maxRuntime, at: now)
            return
        }
        if state.crankAttempts >= config.timing.maxCrankAttempts {
            report(.engineStartFailed(attempts: state.crankAttempts))
            state.pendingLatch = .error(.failToStart)
            beginStopping(.failToStart, at: now)
            return
        }
        enter(.priming)
        openStartValves(announcingRefill: false)
        arm(.phaseEnd, at: now + config.timing.preOpenDelay)
    }
}
