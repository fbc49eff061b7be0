/// The electrical level on a GPIO line: what a voltmeter on the header pin reads.
public enum ElectricalLevel: Int, Sendable, Hashable, Codable {
    case low = 0
    case high = 1

    /// The electrical level that represents `active` on a line with the given polarity.
    public init(active: Bool, activeLow: Bool) {
        self = (active != activeLow) ? .high : .low
    }

    /// Whether this level means "active" on a line with the given polarity.
    public func isActive(activeLow: Bool) -> Bool {
        (self == .high) != activeLow
    }
}

/// The bias resistor an input line is requested with.
public enum Pull: String, Sendable, Hashable, Codable, CaseIterable {
    /// Pulled toward 3.3 V: an open circuit reads high.
    case up
    /// Pulled toward ground: an open circuit reads low.
    case down
    /// No bias: an open circuit floats (the mock keeps the last level it was given).
    case none
}

/// Which edges of an input line produce events.
public enum EdgeDetection: String, Sendable, Hashable, Codable, CaseIterable {
    case none
    case rising
    case falling
    case both
}

/// Whether a requested line is an input or an output.
public enum LineDirection: String, Sendable, Hashable, Codable {
    case input
    case output
}

/// A change of an input line, as the driver saw it.
///
/// `rising` and `falling` are logical: with an active-low line, pressing a
/// button that pulls the pin to ground is a *rising* edge (the line became active).
public struct EdgeEvent: Sendable, Hashable {
    /// The kind of change, in logical terms.
    public enum Kind: String, Sendable, Hashable {
        case rising
        case falling
    }

    /// The line (BCM number on a Raspberry Pi) that changed.
    public var line: Int
    /// Rising means the line became logically active.
    public var kind: Kind

    /// Whether the line is logically active after this edge.
    public var isActive: Bool { kind == .rising }

    public init(line: Int, kind: Kind) {
        self.line = line
        self.kind = kind
    }
}

/// How an output line is requested.
public struct OutputRequest: Sendable, Hashable {
    /// The line offset on the chip (BCM number on a Raspberry Pi).
    public var line: Int
    /// The logical level the line takes in the same request, so nothing glitches.
    public var initiallyActive: Bool
    /// When true, "active" is driven as electrical low (relay boards that switch on low).
    public var activeLow: Bool
    /// The consumer label the kernel shows for the line (`gpioinfo`).
    public var consumer: String

    public init(line: Int, initiallyActive: Bool, activeLow: Bool, consumer: String) {
        self.line = line
        self.initiallyActive = initiallyActive
        self.activeLow = activeLow
        self.consumer = consumer
    }
}

/// How an input line is requested.
public struct InputRequest: Sendable, Hashable {
    /// The line offset on the chip (BCM number on a Raspberry Pi).
    public var line: Int
    /// When true, electrical low reads as "active".
    public var activeLow: Bool
    /// The bias resistor.
    public var pull: Pull
    /// Which logical edges produce events.
    public var edges: EdgeDetection
    /// The consumer label the kernel shows for the line (`gpioinfo`).
    public var consumer: String

    public init(line: Int, activeLow: Bool, pull: Pull, edges: EdgeDetection, consumer: String) {
        self.line = line
        self.activeLow = activeLow
        self.pull = pull
        self.edges = edges
        self.consumer = consumer
    }
}
