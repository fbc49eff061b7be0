/// The pump's states, with the upper-case names the telemetry reports.
public enum Phase: String, Sendable, Hashable, CaseIterable {
    case idle = "IDLE"
    /// Valves open, waiting `PRE_OPEN_DELAY` before cranking.
    case priming = "PRIMING"
    /// Cranking, or resting between crank attempts.
    case starting = "STARTING"
    case running = "RUNNING"
    case reducingRPM = "REDUCING_RPM"
    /// The ignition-off pulse is in progress.
    case stopping = "STOPPING"
    case refilling = "REFILLING"
    case cooldown = "COOLDOWN"
    /// Latched fault; left only by `reset`.
    case error = "ERROR"
    /// Latched emergency stop; left only by `reset`.
    case lockout = "LOCKOUT"

    /// States in which a run is in progress: valves open, engine starting, running or stopping.
    public var isRun: Bool {
        switch self {
        case .priming, .starting, .running, .reducingRPM, .stopping: true
        case .idle, .refilling, .cooldown, .error, .lockout: false
        }
    }

    /// States in which the engine may be turning under its own power or the starter.
    public var engineMayRun: Bool {
        switch self {
        case .starting, .running, .reducingRPM: true
        case .idle, .priming, .stopping, .refilling, .cooldown, .error, .lockout: false
        }
    }

    /// The latched states.
    public var isLatched: Bool { self == .error || self == .lockout }
}
