/// A point on the controller's monotonic time line, in seconds since an origin the caller chose.
///
/// The core never reads a clock: the caller passes the current instant with every event.
/// The daemon uses seconds since it started (`ContinuousClock`); the simulator uses virtual seconds;
/// a persisted state holds ``WallInstant``s instead (see ``SavedState`` and ``ClockReading``).
public struct Instant: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Seconds since the origin.
    public var seconds: Double

    public init(seconds: Double) {
        self.seconds = seconds
    }

    /// The origin itself.
    public static let zero = Instant(seconds: 0)

    public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.seconds < rhs.seconds }

    /// The instant `duration` seconds later.
    public static func + (lhs: Instant, duration: Double) -> Instant { Instant(seconds: lhs.seconds + duration) }

    /// Seconds from `rhs` to `lhs`.
    public static func - (lhs: Instant, rhs: Instant) -> Double { lhs.seconds - rhs.seconds }

    public var description: String { "t=\(seconds)" }
}
