/// Exercise runs: a real start (priming, crank with retries, running, the stop sequence, then
/// the refill and cooldown it owes) with `EXERCISE_VALVES` open, for `EXERCISE_DURATION` of
/// engine running, then a verdict. Scheduled by the owner (``PumpEvent/exerciseScheduled(_:)``)
/// or asked for (the `exercise` command). A fire trigger takes an exercise over at once.
extension PumpStateMachine {
    /// How late a scheduled exercise may still start: one that fell due while the service was
    /// down runs at the next start if it is at most this old, else it is reported missed.
    public static let exerciseGrace = 3600.0

    /// The owner hands the next due instant of the schedule; ignored when no schedule is set.
    mutating func exerciseScheduled(_ due: Instant?) {
        state.exerciseDue = config.exerciseSchedule == nil ? nil : due
    }

    /// The scheduled exercise is due: it runs, or is reported skipped; either way it is done
    /// with (never queued) and the owner schedules the next.
    mutating func exerciseFellDue(_ due: Instant, at now: Instant) {
        state.exerciseDue = nil
        state.lastExerciseSlot = due
        guard now - due <= Self.exerciseGrace else {
            report(.exerciseSkipped(.missed))
            return
        }
        startExercise(at: now)
    }

    /// Starts an exercise run if nothing else is going on; never during a run, refill,
    /// cooldown, ERROR or LOCKOUT, nor with the tank empty.
    mutating func startExercise(at now: Instant) {
        if let skip = exerciseSkip {
            report(.exerciseSkipped(skip))
            return
        }
        report(.exerciseStarted)
        startRun(at: now, bypass: false, exercise: true)
    }

    private var exerciseSkip: ExerciseSkip? {
        switch state.phase {
        case .idle: reservoirEmpty ? .lowReservoir : nil
        case .priming, .starting, .running, .reducingRPM, .stopping: .runInProgress
        case .refilling: .refilling
        case .cooldown: .cooldown
        case .error: .error
        case .lockout: .lockout
        }
    }

    /// Opens the valves a run starts with: main, priming and refill for a fire run; the
    /// `EXERCISE_VALVES` for an exercise. `announcingRefill` reports the refill valve opening
    /// (not when a rebooted run starts again).
    mutating func openStartValves(announcingRefill: Bool = true) {
        let valves: [Output] = state.exercising ? config.exerciseValves : [.mainValve, .primingValve, .refillValve]
        for valve in [Output.mainValve, .primingValve, .refillValve] where valves.contains(valve) {
            drive(valve, true)
            if valve == .primingValve { report(.primingStarted) }
            if valve == .refillValve, announcingRefill { report(.refillValveOpenedImmediately) }
        }
    }

    /// A fire trigger (or `start`) during an exercise: from now on it is a fire run. The engine
    /// is neither stopped nor cranked again; the fire run's valves open (the priming valve while
    /// priming is still due); the exercise's own end is disarmed, and an exercise-end RPM
    /// reduction becomes a fire-off stop, which the trigger then cancels. `MAX_ENGINE_RUNTIME`
    /// stays counted from the engine start: nothing re-arms it.
    mutating func takeOverExercise() {
        guard state.exercising else { return }
        state.exercising = false
        state.exerciseFault = nil
        state.deadlines[.exerciseEnd] = nil
        report(.exerciseTakenOver)
        drive(.mainValve, true)
        let primingDue = state.phase == .priming || state.phase == .starting || state.deadlines[.primingEnd] != nil
        drive(.primingValve, primingDue && state.phase != .stopping)
        drive(.refillValve, true)
        if state.stopReason == .exerciseEnd { state.stopReason = .fireOff }
    }

    /// `EXERCISE_DURATION − RPM_REDUCTION_DURATION` after RUNNING: the run is judged, RPM is
    /// reduced, and the engine stops `EXERCISE_DURATION` after RUNNING. A reduction already
    /// under way (the max-runtime lead began first) keeps its reason but stops no later.
    mutating func exerciseDurationReached(at now: Instant) {
        guard state.exercising, let since = state.runningSince else { return }
        let stopAt = max(now, since + max(0, config.timing.exerciseRuntime - state.runtimeBeforeReboot))
        switch state.phase {
        case .running:
            judgeExercise()
            beginReducing(.exerciseEnd, until: stopAt)
        case .reducingRPM:
            judgeExercise()
            if let end = state.deadlines[.phaseEnd], end.at > stopAt { arm(.phaseEnd, at: stopAt) }
        case .idle, .priming, .starting, .stopping, .refilling, .cooldown, .error, .lockout:
            break
        }
    }

    /// The arming of an exercise's end when the engine runs.
    mutating func armExerciseEnd(at now: Instant) {
        guard state.exercising else { return }
        let remaining = max(0, config.timing.exerciseRuntime - state.runtimeBeforeReboot)
        arm(.exerciseEnd, at: now + max(0, remaining - config.timing.rpmReductionDuration))
    }

    /// At the end of the exercise: what is fitted must say the engine ran and pumped.
    private mutating func judgeExercise() {
        guard state.exerciseFault == nil else { return }
        if config.isFitted(.engineRunning), isStable(.engineRunning) != true {
            state.exerciseFault = .engineNotRunning
        } else if config.isFitted(.linePressure), isStable(.linePressure) != true {
            state.exerciseFault = .noLinePressure
        }
    }

    /// The exercise's engine stops: passed when it ran its duration (or up to max runtime)
    /// with nothing wrong, else failed with the first thing that went wrong. A failure is kept
    /// (and raised as a trouble) until an exercise passes.
    mutating func concludeExercise(_ reason: StopReason, runtime: Double, at now: Instant) {
        guard state.exercising else { return }
        state.exercising = false
        let ranItsTime = reason == .exerciseEnd || reason == .maxRuntime
        let failure = state.exerciseFault ?? (ranItsTime ? nil : .stopped(reason))
        state.exerciseFault = nil
        state.deadlines[.exerciseEnd] = nil
        if let failure {
            state.failedExercise = failure
            report(.exerciseFailed(failure))
            raise(.exerciseFailed, at: now)
        } else {
            state.failedExercise = nil
            report(.exercisePassed(runtime: runtime))
            clear(.exerciseFailed)
        }
    }
}
