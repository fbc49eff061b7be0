/// What the state machine asks its owner to do, in order.
public enum PumpAction: Sendable, Hashable {
    /// The phase changed (log it, publish the retained state).
    case phaseChanged(from: Phase, to: Phase)
    /// Drive an output to a logical level.
    case drive(Output, on: Bool)
    /// Publish a telemetry event.
    case report(PumpReport)
    /// Publish a health report.
    case publishHealth
    /// Save the state (it changed).
    case persist
}
