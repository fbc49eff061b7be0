import FirepumpCore

/// One line of the simulation timeline.
public struct TimelineEntry: Sendable, Hashable {
    /// What happened.
    public enum Kind: Sendable, Hashable {
        case state(from: Phase, to: Phase)
        /// An output's electrical level changed.
        case pin(line: Int, output: Output, on: Bool, level: Int)
        /// The controller published; `payload` is parsed JSON when the payload is JSON, else a string.
        case publish(topic: String, retain: Bool, payload: JSONValue)
        /// The last line: the final state and every output's logical level.
        case end(phase: Phase, outputs: OutputLevels)
    }

    /// Virtual seconds since the start.
    public var t: Double
    public var kind: Kind
}

/// An input's electrical level from an instant on (for the timing diagram).
public struct InputSample: Sendable, Hashable {
    public var t: Double
    public var role: InputRole
    public var level: Int
}
