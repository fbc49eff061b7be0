/// Turns the machine's steps into the run history: one ``RunRecord`` per run and the
/// ``RunCounters``. Pure: the owner passes each step (event, actions, the state after it) with a
/// reading of both clocks, saves ``ledger`` with the step's state when the step changed it, and
/// then appends each closed record.
///
/// Restarts and reboots: the ledger holds the run in progress; ``resume(_:rebooted:at:)``
/// matches it against the state the machine resumes. The owner saves the ledger in the same
/// record as the state, so the two agree after a crash; where the state is ahead (an older
/// firepump saved the state before its ledger files), what the ledger missed is recovered from
/// the state (an engine start by its run and crank attempt, a stop by the state being past the
/// engine's part of the run). Nothing is counted twice, nothing is lost; a run whose saved state
/// was lost is closed as interrupted.
public struct RunRecorder: Sendable {
    /// Counters, the run in progress and the last finished run.
    public private(set) var ledger: RunLedger

    /// What one step changed.
    public struct Outcome: Sendable, Hashable {
        /// The ledger changed: save it.
        public var ledgerChanged = false
        /// Runs that ended in this step, to append to the history (after the ledger is saved).
        public var closed: [RunRecord] = []

        public init() {}
    }

    public init(ledger: RunLedger = RunLedger()) {
        self.ledger = ledger
    }

    /// Reconciles the ledger with the state the machine resumes after a start, before the boot
    /// step is recorded. `state` is the restored state (IDLE when none was saved or it was lost).
    public mutating func resume(_ state: PumpState, rebooted: Bool, at clock: ClockReading) -> Outcome {
        var outcome = Outcome()
        let engineStage = Self.engineStage(state.phase)
        if var open = ledger.openRun {
            guard open.machineRun == state.run else {
                // The state the run was saved in is gone (unreadable, invalid or reset).
                close(interrupted: open, at: clock, into: &outcome)
                return outcome
            }
            if engineStage {
                if rebooted { open.record.reboots += 1 } else { open.record.restarts += 1 }
                // A fire trigger took the exercise over in the step the ledger missed.
                if open.record.kind == .exercise, !state.exercising { open.record.kind = .fire }
                ledger.openRun = open
                countMissedEngineStart(state)
                outcome.ledgerChanged = true
            } else {
                // The stop happened, and was saved, but the ledger did not hear of it (nor,
                // when both came in one step, of the engine's start).
                countMissedEngineStart(state)
                if state.stopReason == .failToStart { countFailedStart() }
                judgeMissedExercise(state)
                close(from: state, at: clock, into: &outcome)
            }
        } else if engineStage {
            // The run's start was saved in the state but not in the ledger.
            open(kind: state.exercising ? .exercise : .fire, source: .unknown, state: state, troubles: [], at: clock)
            if rebooted { ledger.openRun?.record.reboots += 1 } else { ledger.openRun?.record.restarts += 1 }
            countMissedEngineStart(state)
            outcome.ledgerChanged = true
        } else if state.run > ledger.lastMachineRun, let stoppedAt = state.engineStoppedAt {
            // A run started and stopped in one step whose ledger write a crash lost: recorded
            // from the state, its start taken as its last trigger.
            open(kind: .fire, source: .unknown, state: state, troubles: [], at: clock)
            ledger.openRun?.record.start = clock.wall(state.lastTriggerAt ?? stoppedAt)
            if state.engineStartedAtAttempt != nil || state.lastRunDuration > 0 { ledger.counters.starts += 1 }
            if state.stopReason == .failToStart { countFailedStart() }
            close(from: state, at: clock, into: &outcome)
        }
        return outcome
    }

    /// Records one step: `event` handled, `actions` returned, `state` and `troubles` after it.
    public mutating func record(
        _ event: PumpEvent, _ actions: [PumpAction], state: PumpState, troubles: some Collection<Trouble>, at clock: ClockReading
    ) -> Outcome {
        var outcome = Outcome()
        var reports: [PumpReport] = []
        for case .report(let report) in actions { reports.append(report) }
        let milestones = reports.compactMap(\.runMilestone)
        guard !milestones.isEmpty else { return outcome }
        let before = ledger
        // The stop is handled after the step's other milestones, so what the step reports about
        // the run (an alarm, an exercise's verdict) lands in its record whatever the report order.
        var stopped = false
        for milestone in milestones {
            switch milestone {
            case .runStarted:
                if let stale = ledger.openRun { close(interrupted: stale, at: clock, into: &outcome) }
                let source = reports.contains(.emergencyButtonPressed) ? .button : event.runSource
                let kind: RunKind = milestones.contains(.exerciseStarted) ? .exercise : .fire
                open(kind: kind, source: source, state: state, troubles: troubles, at: clock)
            case .exerciseStarted:
                ledger.openRun?.record.kind = .exercise
            case .becameFire:
                ledger.openRun?.record.kind = .fire
            case .engineStarted:
                // Counted also when the same step stopped the engine again (a stop on the
                // instant the running input was confirmed): the report is what says it started.
                countEngineStart(attempt: state.crankAttempts)
            case .startFailed:
                countFailedStart()
            case .alarm(let label):
                if ledger.openRun?.record.alarms.contains(label) == false { ledger.openRun?.record.alarms.append(label) }
            case .exerciseJudged(let passed):
                if passed { ledger.counters.exercisesPassed += 1 } else { ledger.counters.exercisesFailed += 1 }
                ledger.openRun?.record.exercisePassed = passed
            case .stopped:
                stopped = true
            }
        }
        if stopped { close(from: state, at: clock, into: &outcome) }
        outcome.ledgerChanged = outcome.ledgerChanged || ledger != before
        return outcome
    }

    /// Whether the engine's part of a run (valves open, crank, run) is in progress.
    static func engineStage(_ phase: Phase) -> Bool {
        switch phase {
        case .priming, .starting, .running, .reducingRPM: true
        case .idle, .stopping, .refilling, .cooldown, .error, .lockout: false
        }
    }

    private mutating func open(kind: RunKind, source: RunSource, state: PumpState, troubles: some Collection<Trouble>, at clock: ClockReading) {
        let labels = troubles.map(\.label).sorted()
        let record = RunRecord(id: ledger.nextID, kind: kind, source: source, start: clock.wall, alarms: labels)
        ledger.nextID += 1
        ledger.counters.runs += 1
        ledger.lastMachineRun = state.run
        ledger.openRun = OpenRun(record: record, machineRun: state.run)
    }

    /// At a resume: counts the state's last engine start of the run, once (the step the ledger
    /// missed may have started it). A record saved before `engineStartedAtAttempt` existed shows
    /// a start only while the engine runs.
    private mutating func countMissedEngineStart(_ state: PumpState) {
        guard let attempt = state.engineStartedAtAttempt ?? (state.runningSince != nil ? state.crankAttempts : nil) else { return }
        countEngineStart(attempt: attempt)
    }

    /// Counts the engine start of crank attempt `attempt`, once.
    private mutating func countEngineStart(attempt: Int) {
        guard var open = ledger.openRun, open.startCountedAtAttempt != attempt else { return }
        open.startCountedAtAttempt = attempt
        ledger.openRun = open
        ledger.counters.starts += 1
    }

    /// An exercise whose verdict was given in the step the ledger missed (the verdict comes with
    /// the stop): the saved state's failed exercise is this exercise's, if any.
    private mutating func judgeMissedExercise(_ state: PumpState) {
        guard var open = ledger.openRun, open.record.kind == .exercise, open.record.exercisePassed == nil else { return }
        let passed = state.failedExercise == nil
        open.record.exercisePassed = passed
        ledger.openRun = open
        if passed { ledger.counters.exercisesPassed += 1 } else { ledger.counters.exercisesFailed += 1 }
    }

    private mutating func countFailedStart() {
        guard var open = ledger.openRun, !open.failedStartCounted else { return }
        open.failedStartCounted = true
        ledger.openRun = open
        ledger.counters.failedStarts += 1
    }

    /// Ends the open run with what the state says of its stop.
    private mutating func close(from state: PumpState, at clock: ClockReading, into outcome: inout Outcome) {
        guard var record = ledger.openRun?.record else { return }
        record.end = clock.wall(state.engineStoppedAt ?? clock.monotonic)
        record.stopReason = state.stopReason
        record.runtime = state.lastRunDuration
        record.crankAttempts = state.crankAttempts
        finish(record, into: &outcome)
    }

    /// Ends a run whose saved state was lost: end and runtime unknown.
    private mutating func close(interrupted open: OpenRun, at clock: ClockReading, into outcome: inout Outcome) {
        var record = open.record
        record.interrupted = true
        finish(record, into: &outcome)
    }

    private mutating func finish(_ record: RunRecord, into outcome: inout Outcome) {
        ledger.counters.engineSeconds += record.runtime
        ledger.openRun = nil
        ledger.lastRun = record
        outcome.closed.append(record)
        outcome.ledgerChanged = true
    }
}
