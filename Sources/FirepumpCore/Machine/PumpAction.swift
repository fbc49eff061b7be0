/// What the state machine asks its owner to do, in order.
public enum PumpAction: Sendable, Hashable {
    /// The phase changed (log it, publish the retained state).
    case phaseChanged(from: Phase, to: Phase)
    /// Drive an output to a logical level.
    case drive(Output, on: Bool)
    /// Publish a telemetry event.
    case report(ReportedEvent)
    /// Publish a health report.
    case publishHealth
    /// Save the state (it changed).
    case persist
}

/// A telemetry event: the reference's event name (`action` in the payload) and extra fields.
public struct ReportedEvent: Sendable, Hashable {
    public var name: String
    public var fields: [JSONValue.Member]

    public init(_ name: String, _ fields: [JSONValue.Member] = []) {
        self.name = name
        self.fields = fields
    }

    /// The value of a field, if present.
    public subscript(field: String) -> JSONValue? {
        fields.first { $0.key == field }?.value
    }
}
