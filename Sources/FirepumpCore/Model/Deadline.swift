/// A point in time at which something must happen, owned by the run that armed it.
///
/// A deadline whose `run` is not the current run is stale and is dropped unheard: nothing
/// armed during an earlier run can act on a later one (reference defects C3 and C4).
public struct Deadline: Sendable, Hashable {
    public var at: Instant
    public var run: Int

    public init(at: Instant, run: Int) {
        self.at = at
        self.run = run
    }
}

/// The deadlines of the pump: at most one of each kind is armed at a time (`nil` when not armed).
public typealias Deadlines = CaseTable<DeadlineKind, Deadline?>

/// The kinds of deadline, in the order deadlines due at the same instant are handled.
public enum DeadlineKind: String, Sendable, Hashable, CaseIterable, TableKey {
    /// The end of the current timed phase: crank start (PRIMING), crank or rest end (STARTING),
    /// stop start (REDUCING_RPM), pulse end (STOPPING), refill end (REFILLING), cooldown end.
    case phaseEnd
    /// Priming valve closes (`PRIMING_DURATION` after RUNNING).
    case primingEnd
    /// Line-pressure monitoring begins (`PRESSURE_CHECK_DELAY` after priming ends).
    case pressureWatch
    /// No flow for `MAX_DRY_RUN_TIME`: dry-run trip.
    case dryRun
    /// RPM reduction before the max-runtime stop (`MAX_ENGINE_RUNTIME − RPM_REDUCTION_LEAD`).
    case rpmLead
    /// No trigger since `FIRE_OFF_DELAY`: begin a fire-off stop.
    case fireOff
    /// The hard runtime limit.
    case maxRuntime
    /// An exercise's RPM reduction begins, so the engine stops `EXERCISE_DURATION` after RUNNING.
    case exerciseEnd
    /// The engine has run `OIL_PRESSURE_SETTLE`: from now on low oil pressure is an alarm.
    case oilSettle
    /// Main valve closes (`VALVE_CLOSE_DELAY` after the engine stopped).
    case mainValveClose

    public var tableIndex: Int {
        switch self {
        case .phaseEnd: 0
        case .primingEnd: 1
        case .pressureWatch: 2
        case .dryRun: 3
        case .rpmLead: 4
        case .fireOff: 5
        case .maxRuntime: 6
        case .exerciseEnd: 7
        case .oilSettle: 8
        case .mainValveClose: 9
        }
    }
}
