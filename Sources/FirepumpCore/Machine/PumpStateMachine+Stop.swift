/// Every stop is the same sequence, whatever its cause (target §1.2; reference C1, H1):
/// RPM reduce → STOPPING (ignition on released, ignition-off pulse) → main valve closed
/// `VALVE_CLOSE_DELAY` after the engine stopped. No flag can skip it.
extension PumpStateMachine {
    mutating func fireOffElapsed(at now: Instant) {
        // Already reducing (for max runtime or a hazard): that stop stands, at its own time.
        guard state.phase == .running else { return }
        beginReducing(.fireOff, until: now + config.timing.rpmReductionDuration)
    }

    /// `MAX_ENGINE_RUNTIME − RPM_REDUCTION_LEAD`: RPM reduce, stop at max runtime. A reduction
    /// already in progress keeps its own stop: a fire-off stop still ends at its time unless a
    /// trigger turns it into the max-runtime stop (``triggerDuringFireOffStop(at:)``).
    mutating func maxRuntimeApproaching(at now: Instant) {
        guard state.phase == .running else { return }
        beginReducing(.maxRuntime, until: state.deadlines[.maxRuntime]?.at ?? now)
    }

    /// Whether the max-runtime lead time has begun in this run (its deadline was handled).
    var maxRuntimeLeadPassed: Bool {
        state.deadlines[.rpmLead] == nil && state.deadlines[.maxRuntime] != nil
    }

    mutating func beginReducing(_ reason: StopReason, until stopAt: Instant) {
        enter(.reducingRPM)
        state.stopReason = reason
        drive(.rpmReduce, true)
        report(.rpmReduced(reason))
        arm(.phaseEnd, at: stopAt)
    }

    mutating func lowPressure(at now: Instant) {
        // Already stopping for it (a restart re-reads the low pressure): reported once.
        guard state.stopReason != .lowPressure else { return }
        report(.lowPressureDetected)
        hazardStop(.lowPressure, latch: .error(.lowPressure), at: now)
    }

    mutating func dryRunTripped(noFlowSince: Instant, at now: Instant) {
        report(.dryRunProtectionTriggered(dryRunTime: now - noFlowSince, maxAllowed: config.timing.maxDryRunTime))
        hazardStop(.dryRun, latch: .error(.dryRun), at: now)
    }

    /// A confirmed hazard: the stop sequence, then the latch (if any). The RPM reduction is kept
    /// short (`RPM_REDUCTION_DURATION`) and cannot be cancelled by a trigger.
    mutating func hazardStop(_ reason: StopReason, latch: Latch?, at now: Instant) {
        if let latch, state.pendingLatch != .lockout { state.pendingLatch = latch }
        let stopAt = now + config.timing.rpmReductionDuration
        switch state.phase {
        case .running:
            beginReducing(reason, until: stopAt)
        case .reducingRPM:
            state.stopReason = reason
            if let end = state.deadlines[.phaseEnd], end.at > stopAt { arm(.phaseEnd, at: stopAt) }
        case .priming, .starting:
            beginStopping(reason, at: now)
        case .stopping, .idle, .refilling, .cooldown, .error, .lockout:
            break
        }
    }

    /// The engine stops now: RPM reduce on (if not already), crank and ignition on released,
    /// the ignition-off pulse begins, the priming valve closes, the main valve's close is armed.
    mutating func beginStopping(_ reason: StopReason, at now: Instant) {
        let previous = state.phase
        enter(.stopping)
        state.stopReason = reason
        report(.shutdownInitiated(reason, previous: previous))
        drive(.rpmReduce, true)
        drive(.ignitionStart, false)
        drive(.ignitionOn, false)
        drive(.ignitionOff, true)
        drive(.primingValve, false)
        if state.pendingLatch != nil { drive(.refillValve, false) }
        let runtime = state.runtimeBeforeReboot + state.engineRunTime(at: now)
        state.lastRunDuration = runtime
        state.totalRuntime += runtime
        state.runtimeBeforeReboot = 0
        state.engineStoppedAt = now
        concludeExercise(reason, runtime: runtime, at: now)
        forgetEngineRun(clearing: [.fireOff, .primingEnd, .pressureWatch, .dryRun, .rpmLead, .maxRuntime, .exerciseEnd, .oilSettle])
        arm(.mainValveClose, at: now + config.timing.valveCloseDelay)
        arm(.phaseEnd, at: now + config.timing.ignitionOffDuration)
    }

    /// The engine neither runs nor cranks any more: its bookkeeping and `deadlines` are cleared.
    mutating func forgetEngineRun(clearing deadlines: [DeadlineKind]) {
        state.runningSince = nil
        state.engineAliveAt = nil
        state.cranking = false
        state.pressureWatched = false
        for kind in deadlines { state.deadlines[kind] = nil }
    }

    /// The ignition-off pulse is over: the engine has stopped.
    mutating func stopPulseEnded(at now: Instant) {
        drive(.ignitionOff, false)
        drive(.rpmReduce, false)
        report(.shutdownComplete(runtime: state.lastRunDuration))
        // On shutdown the valves close with the pulse: the process is about to exit.
        if makingSafeForExit { state.deadlines[.mainValveClose] = nil }
        switch state.pendingLatch {
        case .lockout: enterLockout()
        case .error(let reason): enterError(reason)
        case nil: enterRefilling(at: now)
        }
        if makingSafeForExit { driveSafe() }
    }

    /// Refill for runtime × `REFILL_MULTIPLIER`, ended early by a float reading full. On
    /// shutdown the refill is owed but its valve stays closed: the process is about to exit.
    mutating func enterRefilling(at now: Instant) {
        let duration = state.lastRunDuration * config.timing.refillMultiplier
        guard duration > 0, isStable(.reservoirFloat) != true else {
            drive(.refillValve, false)
            if duration > 0 { report(.refillCompleteFloatSwitch) }
            enterCooldown(at: now)
            return
        }
        enter(.refilling)
        drive(.refillValve, !makingSafeForExit)
        report(.refillContinuing(duration: duration))
        arm(.phaseEnd, at: now + duration)
    }

    mutating func enterCooldown(at now: Instant) {
        enter(.cooldown)
        report(.cooldownEntered)
        arm(.phaseEnd, at: now + config.timing.cooldownDuration)
    }

    /// IDLE: every output off, except a main valve whose timed close is pending (M4).
    mutating func enterIdle() {
        state.deadlines[.phaseEnd] = nil
        enter(.idle)
        driveSafe()
        report(.idleStateEntered)
    }

    /// ERROR is latched until `reset`, across restarts (H2, H9, H15). Outputs go safe; a pending
    /// main-valve close keeps its delay.
    mutating func enterError(_ reason: ErrorReason) {
        state.pendingLatch = nil
        state.errorReason = reason
        state.deadlines[.phaseEnd] = nil
        enter(.error)
        driveSafe()
        report(.errorStateEntered(reason))
    }

    /// LOCKOUT after an emergency stop, latched until `reset` (H2).
    mutating func enterLockout() {
        state.pendingLatch = nil
        state.deadlines[.phaseEnd] = nil
        enter(.lockout)
        driveSafe()
        report(.lockoutEntered)
    }

    /// An emergency stop from anywhere: no RPM-reduction wait; ignition off and the ignition-off
    /// pulse at once, priming and refill valves off, main valve after `VALVE_CLOSE_DELAY`; then
    /// LOCKOUT until `reset`.
    mutating func emergencyStop(at now: Instant) {
        switch state.phase {
        case .priming, .starting, .running, .reducingRPM:
            state.pendingLatch = .lockout
            beginStopping(.emergencyStop, at: now)
        case .stopping:
            state.pendingLatch = .lockout
            drive(.refillValve, false)
        case .idle, .refilling, .cooldown, .error:
            if state.deadlines[.mainValveClose] == nil { drive(.mainValve, false) }
            state.errorReason = nil
            enterLockout()
        case .lockout:
            break
        }
    }
}
