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

/// The deadlines of the pump. At most one of each kind is armed at a time.
public struct Deadlines: Sendable, Hashable {
    /// The end of the current timed phase: crank start (PRIMING), crank or rest end (STARTING),
    /// stop start (REDUCING_RPM), pulse end (STOPPING), refill end (REFILLING), cooldown end.
    public var phaseEnd: Deadline?
    /// No trigger since `FIRE_OFF_DELAY`: begin a fire-off stop.
    public var fireOff: Deadline?
    /// Priming valve closes (`PRIMING_DURATION` after RUNNING).
    public var primingEnd: Deadline?
    /// Line-pressure monitoring begins (`PRESSURE_CHECK_DELAY` after priming ends).
    public var pressureWatch: Deadline?
    /// No flow for `MAX_DRY_RUN_TIME`: dry-run trip.
    public var dryRun: Deadline?
    /// RPM reduction before the max-runtime stop (`MAX_ENGINE_RUNTIME − RPM_REDUCTION_LEAD`).
    public var rpmLead: Deadline?
    /// The hard runtime limit.
    public var maxRuntime: Deadline?
    /// Main valve closes (`VALVE_CLOSE_DELAY` after the engine stopped).
    public var mainValveClose: Deadline?
    /// An exercise's RPM reduction begins, so the engine stops `EXERCISE_DURATION` after RUNNING.
    public var exerciseEnd: Deadline?
    /// The engine has run `OIL_PRESSURE_SETTLE`: from now on low oil pressure is an alarm.
    public var oilSettle: Deadline?

    public init() {}

    /// The kinds, in the order deadlines due at the same instant are handled.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case phaseEnd, primingEnd, pressureWatch, dryRun, rpmLead, fireOff, maxRuntime, exerciseEnd, oilSettle, mainValveClose
    }

    public subscript(kind: Kind) -> Deadline? {
        get {
            switch kind {
            case .phaseEnd: phaseEnd
            case .fireOff: fireOff
            case .primingEnd: primingEnd
            case .pressureWatch: pressureWatch
            case .dryRun: dryRun
            case .rpmLead: rpmLead
            case .maxRuntime: maxRuntime
            case .mainValveClose: mainValveClose
            case .exerciseEnd: exerciseEnd
            case .oilSettle: oilSettle
            }
        }
        set {
            switch kind {
            case .phaseEnd: phaseEnd = newValue
            case .fireOff: fireOff = newValue
            case .primingEnd: primingEnd = newValue
            case .pressureWatch: pressureWatch = newValue
            case .dryRun: dryRun = newValue
            case .rpmLead: rpmLead = newValue
            case .maxRuntime: maxRuntime = newValue
            case .mainValveClose: mainValveClose = newValue
            case .exerciseEnd: exerciseEnd = newValue
            case .oilSettle: oilSettle = newValue
            }
        }
    }
}
