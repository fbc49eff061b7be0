/// Why a stop sequence runs. Raw values are reported in `shutdown_initiated{reason}`.
public enum StopReason: String, Sendable, Hashable {
    /// `FIRE_OFF_DELAY` passed with no trigger. The only stop a trigger can cancel.
    case fireOff = "fire_off"
    case maxRuntime = "max_runtime"
    case lowPressure = "low_pressure"
    case dryRun = "dry_run"
    case lowReservoir = "low_reservoir"
    case failToStart = "fail_to_start"
    case emergencyStop = "emergency_stop"
    /// An exercise run reached `EXERCISE_DURATION`.
    case exerciseEnd = "exercise_end"
    /// A supervision input whose action is `stop` (overspeed by default) became active.
    case alarmStop = "alarm_stop"
    /// The service is shutting down (SIGTERM/SIGINT).
    case shutdown = "shutdown"
}

/// A latched condition, entered when the stop sequence that it caused has finished.
public enum Latch: Sendable, Hashable {
    /// ERROR with its reason.
    case error(ErrorReason)
    /// LOCKOUT after an emergency stop.
    case lockout
}
