/// Triggers and the start sequence: valves first, pre-open delay, crank (with retries when an
/// engine-running input is fitted), RUNNING, priming valve closed after `PRIMING_DURATION`.
extension PumpStateMachine {
    /// A fire trigger (MQTT or a short press of the emergency button).
    mutating func trigger(at now: Instant) {
        if state.phase.isRun, state.phase != .stopping { takeOverExercise() }
        switch state.phase {
        case .idle:
            guard !reservoirEmpty else {
                report(.triggerBlockedLowReservoir)
                return
            }
            startRun(at: now, bypass: false)
        case .priming, .starting, .running:
            rearmFireOff(at: now)
        case .reducingRPM:
            rearmFireOff(at: now)
            // Only a fire-off stop can be cancelled; a max-runtime or hazard stop stands (C1, H4).
            guard state.stopReason == .fireOff else {
                report(.triggerIgnored(.stopCommitted(state.stopReason)))
                return
            }
            triggerDuringFireOffStop(at: now)
        case .stopping:
            report(.triggerIgnored(.stopInProgress))
        case .refilling, .cooldown:
            // A start during refill or cooldown needs a float that reads full (H13); else refused.
            guard isStable(.reservoirFloat) == true, !reservoirEmpty else {
                report(.triggerBlockedRefilling)
                return
            }
            startRun(at: now, bypass: false)
        case .error:
            report(.errorStateTriggerIgnored(state.errorReason))
        case .lockout:
            report(.triggerBlockedLockout)
        }
    }

    /// Whether a fitted low-reservoir switch says the tank is empty.
    var reservoirEmpty: Bool { isStable(.reservoirLow) == true }

    mutating func rearmFireOff(at now: Instant) {
        state.lastTriggerAt = now
        arm(.fireOff, at: now + config.timing.fireOffDelay)
    }

    /// A trigger during a fire-off RPM reduction cancels the fire-off stop (target §5). Before the
    /// max-runtime lead time the engine returns to full RPM; after it, RPM stays reduced and the
    /// stop becomes the max-runtime one, at max runtime.
    mutating func triggerDuringFireOffStop(at now: Instant) {
        guard maxRuntimeLeadPassed, let stopAt = state.deadlines[.maxRuntime]?.at else {
            cancelFireOffStop()
            return
        }
        state.stopReason = .maxRuntime
        arm(.phaseEnd, at: stopAt)
        report(.fireOffStopBecameMaxRuntime)
    }

    /// Back to RUNNING; the pending stop is disarmed with the phase end, so it cannot fire later (H4).
    private mutating func cancelFireOffStop() {
        state.deadlines[.phaseEnd] = nil
        state.stopReason = nil
        enter(.running)
        drive(.rpmReduce, false)
        report(.shutdownCancelled)
    }

    /// T+0 of a run: a new run number (so nothing armed before can act on it, C3/C4), every
    /// run deadline disarmed, main, priming and refill valves open (an exercise: its valves,
    /// and no fire-off deadline: it ends by its duration).
    mutating func startRun(at now: Instant, bypass: Bool, exercise: Bool = false) {
        state.run += 1
        state.deadlines = Deadlines(repeating: nil)
        state.stopReason = nil
        state.pendingLatch = nil
        state.runningSince = nil
        state.cranking = false
        state.crankAttempts = 0
        state.runtimeBeforeReboot = 0
        state.engineAliveAt = nil
        state.engineStartedAtAttempt = nil
        state.pressureWatched = false
        state.exercising = exercise
        state.exerciseFault = nil
        if !exercise { state.lastTriggerAt = now }
        enter(.priming)
        if bypass { report(.emergencyBypassStart(alreadyRunning: false)) }
        report(.pumpSequenceStart)
        openStartValves()
        arm(.phaseEnd, at: now + config.timing.preOpenDelay)
        if !exercise { arm(.fireOff, at: now + config.timing.fireOffDelay) }
    }

    mutating func beginCrank(at now: Instant) {
        enter(.starting)
        state.cranking = true
        state.crankAttempts += 1
        report(.engineStartSequence(attempt: state.crankAttempts))
        if config.ignitionOnDuringCrank { drive(.ignitionOn, true) }
        drive(.ignitionStart, true)
        arm(.phaseEnd, at: now + config.timing.ignitionStartDuration)
    }

    /// The crank time is up (or the rest between cranks is over).
    mutating func crankEnded(at now: Instant) {
        guard state.cranking else {
            beginCrank(at: now)
            return
        }
        guard config.isFitted(.engineRunning), isStable(.engineRunning) != true else {
            enterRunning(at: now)
            return
        }
        drive(.ignitionStart, false)
        state.cranking = false
        if state.crankAttempts < config.timing.maxCrankAttempts {
            report(.engineCrankFailed(attempt: state.crankAttempts))
            arm(.phaseEnd, at: now + config.timing.crankRest)
        } else {
            report(.engineStartFailed(attempts: state.crankAttempts))
            state.pendingLatch = .error(.failToStart)
            beginStopping(.failToStart, at: now)
        }
    }

    /// Crank released, ignition on, runtime counted from here; the max-runtime deadlines are
    /// armed now and nothing re-arms them later (C1).
    mutating func enterRunning(at now: Instant) {
        state.deadlines[.phaseEnd] = nil
        state.cranking = false
        enter(.running)
        drive(.ignitionStart, false)
        drive(.ignitionOn, true)
        state.runningSince = now
        state.engineAliveAt = now
        state.engineStartedAtAttempt = state.crankAttempts
        report(.engineRunning)
        let timing = config.timing
        // After a reboot mid-run, the runtime already spent still counts.
        let maxRuntimeAt = now + max(0, timing.maxEngineRuntime - state.runtimeBeforeReboot)
        arm(.primingEnd, at: now + timing.primingDuration)
        arm(.rpmLead, at: max(now, maxRuntimeAt + -timing.rpmReductionLead))
        arm(.maxRuntime, at: maxRuntimeAt)
        armExerciseEnd(at: now)
        if config.isFitted(.lowOilPressure) { arm(.oilSettle, at: now + timing.oilPressureSettle) }
        // Dry-run protection is armed on every run, not only the first (C2).
        if let source = config.flowSource, isStable(source) != true {
            arm(.dryRun, at: now + timing.maxDryRunTime)
        }
    }

    /// The priming valve closes, unless it is the pump's only way out (an exercise with the
    /// main valve closed): a running engine pump must never deadhead.
    mutating func primingEnded(at now: Instant) {
        if state.outputs[.mainValve] { drive(.primingValve, false) }
        report(.primingComplete)
        if config.isFitted(.linePressure) {
            arm(.pressureWatch, at: now + config.timing.pressureCheckDelay)
        }
    }

    /// From here on line pressure is watched continuously, not checked once (H9).
    mutating func pressureWatchBegins(at now: Instant) {
        state.pressureWatched = true
        if isStable(.linePressure) == false { lowPressure(at: now) }
    }
}
