/// What kind of run a history record is.
public enum RunKind: String, Sendable, Hashable, CaseIterable {
    /// A run started by a fire trigger, a start command or the local button.
    case fire
    /// A scheduled or commanded exercise (test) run.
    case exercise
}

/// What started a run, as the history records it.
public enum RunSource: Sendable, Hashable {
    /// A message on the fire trigger topic.
    case trigger
    /// An operator command on the emergency topic (`start`, `bypass_start`, …).
    case command(Command)
    /// A short press of the local emergency button.
    case button
    /// A deadline of the machine's own (the exercise schedule).
    case schedule
    /// Not known: the run was found in progress in the saved state, its start never recorded.
    case unknown

    /// The recorded name: `trigger`, `button`, `schedule`, `unknown` or the command word.
    public var name: String {
        switch self {
        case .trigger: "trigger"
        case .command(let command): command.rawValue
        case .button: "button"
        case .schedule: "schedule"
        case .unknown: "unknown"
        }
    }

    /// The source with a recorded name, if any.
    public init?(name: String) {
        switch name {
        case "trigger": self = .trigger
        case "button": self = .button
        case "schedule": self = .schedule
        case "unknown": self = .unknown
        default:
            guard let command = Command(rawValue: name) else { return nil }
            self = .command(command)
        }
    }
}

/// One finished run in the history: one line of the history file.
public struct RunRecord: Sendable, Hashable {
    /// The history's own run number (1, 2, …): never reused, unlike the machine's run number,
    /// which starts again at 1 when the saved state is lost.
    public var id: Int
    public var kind: RunKind
    public var source: RunSource
    /// When the run started (valves opened), wall clock.
    public var start: WallInstant
    /// When the engine was stopped (the stop sequence began); `nil` when not known (an
    /// interrupted run).
    public var end: WallInstant?
    /// Why the run stopped; `nil` for an interrupted run.
    public var stopReason: StopReason?
    /// Engine runtime in seconds (what the engine hours count).
    public var runtime: Double
    /// Crank attempts made, across reboots.
    public var crankAttempts: Int
    /// Troubles and alarms seen while the run was in progress (``Trouble/label``), in order.
    public var alarms: [String]
    /// How often the process restarted (crash, `kill -9`, upgrade) while the run was in progress.
    public var restarts: Int
    /// How often the machine rebooted (power cut, brownout) while the run was in progress.
    public var reboots: Int
    /// For an exercise: whether it passed (`nil` until decided, and for fire runs).
    public var exercisePassed: Bool?
    /// The saved state was lost while the run was in progress: its end and runtime are unknown
    /// (runtime counts as 0).
    public var interrupted: Bool

    public init(
        id: Int, kind: RunKind, source: RunSource, start: WallInstant, end: WallInstant? = nil, stopReason: StopReason? = nil,
        runtime: Double = 0, crankAttempts: Int = 0, alarms: [String] = [], restarts: Int = 0, reboots: Int = 0,
        exercisePassed: Bool? = nil, interrupted: Bool = false
    ) {
        self.id = id
        self.kind = kind
        self.source = source
        self.start = start
        self.end = end
        self.stopReason = stopReason
        self.runtime = runtime
        self.crankAttempts = crankAttempts
        self.alarms = alarms
        self.restarts = restarts
        self.reboots = reboots
        self.exercisePassed = exercisePassed
        self.interrupted = interrupted
    }
}

/// The counters of the pump's life. They only ever grow.
public struct RunCounters: Sendable, Hashable {
    /// Engine runtime of every run, seconds (the sum of the records' runtimes).
    public var engineSeconds: Double = 0
    /// Runs started (fire and exercise).
    public var runs = 0
    /// Times the engine started (reached RUNNING); a run restarted after a reboot starts it again.
    public var starts = 0
    /// Runs that ended in `engine_start_failed`.
    public var failedStarts = 0
    public var exercisesPassed = 0
    public var exercisesFailed = 0

    public init() {}

    /// Whether no counter of `self` is below the one of `other`.
    public func isAtLeast(_ other: RunCounters) -> Bool {
        engineSeconds >= other.engineSeconds && runs >= other.runs && starts >= other.starts
            && failedStarts >= other.failedStarts && exercisesPassed >= other.exercisesPassed
            && exercisesFailed >= other.exercisesFailed
    }
}

/// The run in progress, as much as the history knows of it.
public struct OpenRun: Sendable, Hashable {
    /// The record being built (its end, stop reason and runtime are filled in at the stop).
    public var record: RunRecord
    /// The machine's run number (``PumpState/run``): how a resumed state is matched to it.
    public var machineRun: Int
    /// The crank attempt whose engine start was counted last (an engine start is identified by
    /// its run and crank attempt, so one replayed after a restart is not counted twice).
    public var startCountedAtAttempt: Int?
    /// Whether this run's failed start was counted.
    public var failedStartCounted = false

    public init(record: RunRecord, machineRun: Int) {
        self.record = record
        self.machineRun = machineRun
    }
}

/// Everything the history keeps besides the records themselves, saved inside the state record
/// (``StateRecord/ledger``): the counters, the run in progress and the last finished run (what
/// the `last_run` topic shows, and what repairs a history line lost to a crash).
public struct RunLedger: Sendable, Hashable {
    public var counters = RunCounters()
    public var openRun: OpenRun?
    public var lastRun: RunRecord?
    /// The id the next run gets.
    public var nextID = 1
    /// The machine's run number (``PumpState/run``) of the last run recorded: a saved state with a
    /// later, finished run shows a whole run the ledger missed.
    public var lastMachineRun = 0

    public init() {}
}
