/// Everything about the pump that must survive a restart: the phase, the run and its deadlines,
/// latches, runtime counters and the commanded output levels. Persisted on every change.
public struct PumpState: Sendable, Hashable {
    public var phase: Phase = .idle
    /// The number of the current (or last) run; deadlines carry it.
    public var run: Int = 0
    /// The logical level each output was last commanded to.
    public var outputs = OutputLevels.safe
    public var deadlines = Deadlines(repeating: nil)
    /// Why the stop sequence in progress runs.
    public var stopReason: StopReason?
    /// The latch to enter when the stop sequence in progress ends.
    public var pendingLatch: Latch?
    /// Why the pump is in ERROR.
    public var errorReason: ErrorReason?
    /// When the current run entered RUNNING.
    public var runningSince: Instant?
    /// In STARTING: true while cranking, false while resting between attempts.
    public var cranking = false
    /// Crank attempts made in the current run, across reboots (a starter's brownout can reboot the Pi).
    public var crankAttempts = 0
    /// Engine runtime of the current run spent before the last reboot(s), seconds: it still counts
    /// against `MAX_ENGINE_RUNTIME` when the run starts again.
    public var runtimeBeforeReboot: Double = 0
    /// While the engine runs: the last instant it was known to run (checkpointed every
    /// ``PumpStateMachine/runtimeCheckpointInterval``), so a reboot can count the runtime spent.
    public var engineAliveAt: Instant?
    /// Whether line pressure is being watched (from `PRESSURE_CHECK_DELAY` after priming ends).
    public var pressureWatched = false
    /// The last trigger that reached the controller.
    public var lastTriggerAt: Instant?
    /// When the engine was last stopped.
    public var engineStoppedAt: Instant?
    /// Engine runtime of the last run, seconds.
    public var lastRunDuration: Double = 0
    /// The crank attempt at which the engine was last confirmed running in the current (or
    /// last) run; `nil` if it never was. A run stopped on the instant its engine started has no
    /// runtime to show that it did; the run history counts engine starts by it.
    public var engineStartedAtAttempt: Int?
    /// Engine runtime of all runs, seconds.
    public var totalRuntime: Double = 0
    /// When the next scheduled exercise is due (handed over by the owner; see ``PumpEvent/exerciseScheduled(_:)``).
    public var exerciseDue: Instant?
    /// The due instant of the last scheduled exercise handled (run or skipped): the owner
    /// schedules the next one after it, so a restart neither repeats nor loses one.
    public var lastExerciseSlot: Instant?
    /// The current run is an exercise (cleared by its verdict or when a fire takes it over).
    public var exercising = false
    /// The first thing that went wrong in the exercise in progress.
    public var exerciseFault: ExerciseFailure?
    /// Why the last exercise failed, until one passes (the `exercise_failed` trouble).
    public var failedExercise: ExerciseFailure?

    public init() {}

    /// How long the engine has run in this stretch of RUNNING, at `now`; never negative (a
    /// `runningSince` carried across a handover as wall-clock time can land a rounding error
    /// after `now`). Zero when the engine is not running.
    public func engineRunTime(at now: Instant) -> Double {
        runningSince.map { max(0, now - $0) } ?? 0
    }

    /// Whether a refill lockout is in force (the reference's `refill_complete` flag, inverted).
    public var refillComplete: Bool { phase != .refilling }
}
