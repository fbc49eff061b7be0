/// Why an exercise run failed. Saved with the state: the `exercise_failed` trouble it raises
/// lasts, across restarts, until an exercise passes.
public enum ExerciseFailure: Sendable, Hashable {
    /// The run stopped before `EXERCISE_DURATION` (failed start, low pressure, dry run, low
    /// reservoir, emergency stop, a `stop`-action alarm, shutdown).
    case stopped(StopReason)
    /// A supervision input was in alarm during the exercise.
    case alarm(InputRole)
    /// A fitted line-pressure switch did not read pressure OK at the end.
    case noLinePressure
    /// A fitted engine-running input did not read running at the end.
    case engineNotRunning

    /// The reported `reason`.
    public var reason: String {
        switch self {
        case .stopped(let reason): reason.rawValue
        case .alarm: "alarm"
        case .noLinePressure: "no_line_pressure"
        case .engineNotRunning: "engine_not_running"
        }
    }

    /// One word that names the failure in the state file: the reason, or `alarm:<input>`.
    public var code: String {
        if case .alarm(let role) = self { return "alarm:\(role.rawValue)" }
        return reason
    }

    /// The failure a ``code`` names, if any.
    public init?(code: String) {
        if code.hasPrefix("alarm:") {
            guard let role = InputRole(rawValue: String(code.dropFirst(6))), role.isSupervision else { return nil }
            self = .alarm(role)
            return
        }
        switch code {
        case "no_line_pressure": self = .noLinePressure
        case "engine_not_running": self = .engineNotRunning
        default:
            guard let reason = StopReason(rawValue: code), reason != .exerciseEnd else { return nil }
            self = .stopped(reason)
        }
    }
}

/// Why an exercise (scheduled or asked for) did not start. Raw values are the reported `reason`.
public enum ExerciseSkip: String, Sendable, Hashable, CaseIterable {
    /// It fell due while the service was down, longer ago than ``PumpStateMachine/exerciseGrace``.
    case missed
    /// A run is in progress (never interrupted for a test).
    case runInProgress = "run_in_progress"
    case refilling
    case cooldown
    case error
    case lockout
    /// The low-reservoir switch reads empty.
    case lowReservoir = "low_reservoir"
}
