/// A point in wall-clock time, in seconds since the Unix epoch: what a saved state's instants
/// are on. A different type from the monotonic ``Instant`` so the two cannot be mixed up;
/// ``ClockReading`` converts between them.
public struct WallInstant: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public var secondsSinceEpoch: Double

    public init(secondsSinceEpoch: Double) {
        self.secondsSinceEpoch = secondsSinceEpoch
    }

    public static func < (lhs: WallInstant, rhs: WallInstant) -> Bool { lhs.secondsSinceEpoch < rhs.secondsSinceEpoch }

    /// Seconds from `rhs` to `lhs`.
    public static func - (lhs: WallInstant, rhs: WallInstant) -> Double { lhs.secondsSinceEpoch - rhs.secondsSinceEpoch }

    public var description: String { "wall=\(secondsSinceEpoch)" }
}

/// One reading of both clocks at the same moment: the monotonic instant and the wall-clock time.
/// The only place where instants move between the two time lines.
public struct ClockReading: Sendable, Hashable {
    public var monotonic: Instant
    public var wall: WallInstant

    public init(monotonic: Instant, wall: WallInstant) {
        self.monotonic = monotonic
        self.wall = wall
    }

    /// The wall-clock time of a monotonic instant.
    public func wall(_ instant: Instant) -> WallInstant {
        WallInstant(secondsSinceEpoch: instant.seconds + (wall.secondsSinceEpoch - monotonic.seconds))
    }

    /// The monotonic instant of a wall-clock time.
    public func monotonic(_ instant: WallInstant) -> Instant {
        Instant(seconds: instant.secondsSinceEpoch + (monotonic.seconds - wall.secondsSinceEpoch))
    }
}
