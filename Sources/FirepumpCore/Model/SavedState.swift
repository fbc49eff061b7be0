/// A ``PumpState`` as it is saved: every instant on the wall clock (``WallInstant``), and the
/// wall-clock time it was saved at. Made from and turned back into a ``PumpState`` with a
/// ``ClockReading``; encoded by ``SavedStateCodec``; checked by ``validated(config:)``.
public struct SavedState: Sendable, Hashable {
    /// A deadline on the wall clock.
    public struct SavedDeadline: Sendable, Hashable {
        public var at: WallInstant
        public var run: Int

        public init(at: WallInstant, run: Int) {
            self.at = at
            self.run = run
        }
    }

    /// When the state was saved (the wall-clock half of the reading it was converted with).
    public var savedAt: WallInstant
    public var phase: Phase
    public var run: Int
    public var outputs: OutputLevels
    public var deadlines: CaseTable<DeadlineKind, SavedDeadline?>
    public var stopReason: StopReason?
    public var pendingLatch: Latch?
    public var errorReason: ErrorReason?
    public var runningSince: WallInstant?
    public var cranking: Bool
    public var crankAttempts: Int
    public var runtimeBeforeReboot: Double
    public var engineAliveAt: WallInstant?
    public var pressureWatched: Bool
    public var lastTriggerAt: WallInstant?
    public var engineStoppedAt: WallInstant?
    public var lastRunDuration: Double
    public var engineStartedAtAttempt: Int?
    public var totalRuntime: Double
    public var exerciseDue: WallInstant?
    public var lastExerciseSlot: WallInstant?
    public var exercising: Bool
    public var exerciseFault: ExerciseFailure?
    public var failedExercise: ExerciseFailure?

    /// `state` with its instants moved onto the wall clock of `clock`, saved at `clock.wall`.
    public init(_ state: PumpState, clock: ClockReading) {
        savedAt = clock.wall
        phase = state.phase
        run = state.run
        outputs = state.outputs
        deadlines = CaseTable { kind in state.deadlines[kind].map { SavedDeadline(at: clock.wall($0.at), run: $0.run) } }
        stopReason = state.stopReason
        pendingLatch = state.pendingLatch
        errorReason = state.errorReason
        runningSince = state.runningSince.map(clock.wall)
        cranking = state.cranking
        crankAttempts = state.crankAttempts
        runtimeBeforeReboot = state.runtimeBeforeReboot
        engineAliveAt = state.engineAliveAt.map(clock.wall)
        pressureWatched = state.pressureWatched
        lastTriggerAt = state.lastTriggerAt.map(clock.wall)
        engineStoppedAt = state.engineStoppedAt.map(clock.wall)
        lastRunDuration = state.lastRunDuration
        engineStartedAtAttempt = state.engineStartedAtAttempt
        totalRuntime = state.totalRuntime
        exerciseDue = state.exerciseDue.map(clock.wall)
        lastExerciseSlot = state.lastExerciseSlot.map(clock.wall)
        exercising = state.exercising
        exerciseFault = state.exerciseFault
        failedExercise = state.failedExercise
    }

    /// The state with its instants moved onto the monotonic line of `clock`.
    public func restored(clock: ClockReading) -> PumpState {
        var state = PumpState()
        state.phase = phase
        state.run = run
        state.outputs = outputs
        state.deadlines = CaseTable { kind in deadlines[kind].map { Deadline(at: clock.monotonic($0.at), run: $0.run) } }
        state.stopReason = stopReason
        state.pendingLatch = pendingLatch
        state.errorReason = errorReason
        state.runningSince = runningSince.map(clock.monotonic)
        state.cranking = cranking
        state.crankAttempts = crankAttempts
        state.runtimeBeforeReboot = runtimeBeforeReboot
        state.engineAliveAt = engineAliveAt.map(clock.monotonic)
        state.pressureWatched = pressureWatched
        state.lastTriggerAt = lastTriggerAt.map(clock.monotonic)
        state.engineStoppedAt = engineStoppedAt.map(clock.monotonic)
        state.lastRunDuration = lastRunDuration
        state.engineStartedAtAttempt = engineStartedAtAttempt
        state.totalRuntime = totalRuntime
        state.exerciseDue = exerciseDue.map(clock.monotonic)
        state.lastExerciseSlot = lastExerciseSlot.map(clock.monotonic)
        state.exercising = exercising
        state.exerciseFault = exerciseFault
        state.failedExercise = failedExercise
        return state
    }
}

/// One saved record: the state and what tells records apart (target §9, issue 12 items 1 and 6).
public struct StateRecord: Sendable, Hashable {
    /// Grows by one with every save; the highest valid sequence among the copies wins at load.
    public var sequence: UInt64
    /// The kernel's boot id (`/proc/sys/kernel/random/boot_id`) when the record was saved; `nil`
    /// when unknown (a version 1 state file, or no `/proc`). A different one means a reboot.
    public var bootID: String?
    public var state: SavedState
    /// The run history's ledger as it stood after the step that saved the record; `nil` when
    /// no history is kept, or the record was saved by a firepump that kept the ledger in files
    /// of its own.
    public var ledger: RunLedger?

    public init(sequence: UInt64, bootID: String?, state: SavedState, ledger: RunLedger? = nil) {
        self.sequence = sequence
        self.bootID = bootID
        self.state = state
        self.ledger = ledger
    }
}
