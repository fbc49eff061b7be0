/// The weekly exercise schedule (`EXERCISE_SCHEDULE`): a day of the week and a local time of day,
/// written `Sun 10:00` (a three-letter English day, any case; a 24-hour `HH:MM`), or `off`.
///
/// The core never reads a clock: the runtime turns the schedule into instants with
/// ``due(lastSlot:now:grace:utcOffset:)`` and hands the machine the due
/// instant (``PumpEvent/exerciseScheduled(_:)``). `utcOffset` gives the local time zone's offset
/// from UTC, in seconds east, at a wall-clock instant (so daylight-saving changes are honoured).
public struct ExerciseSchedule: Sendable, Hashable, CustomStringConvertible {
    /// ISO weekday: 1 = Monday … 7 = Sunday.
    public var weekday: Int
    public var hour: Int
    public var minute: Int

    /// The day names, Monday first.
    public static let dayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    public init?(weekday: Int, hour: Int, minute: Int) {
        guard (1...7).contains(weekday), (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        self.weekday = weekday
        self.hour = hour
        self.minute = minute
    }

    /// Reads `Sun 10:00` (day and time separated by spaces); `nil` when it is not that form.
    public init?(parsing text: String) {
        let words = text.split(separator: " ", omittingEmptySubsequences: true)
        guard words.count == 2,
              let day = Self.dayNames.firstIndex(where: { $0.lowercased() == words[0].lowercased() }) else { return nil }
        let clock = words[1].split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 2, clock[0].count == 2, clock[1].count == 2,
              clock.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let hour = Int(clock[0]), let minute = Int(clock[1]) else { return nil }
        self.init(weekday: day + 1, hour: hour, minute: minute)
    }

    public var description: String {
        "\(Self.dayNames[weekday - 1]) \(hour < 10 ? "0" : "")\(hour):\(minute < 10 ? "0" : "")\(minute)"
    }

    /// The first scheduled instant strictly after `wall`.
    public func next(after wall: WallInstant, utcOffset: (WallInstant) -> Int) -> WallInstant {
        let today = Self.localDay(wall, utcOffset)
        for ahead in 0...8 {
            let candidate = instant(onDay: today + ahead, utcOffset)
            if let candidate, candidate > wall { return candidate }
        }
        preconditionFailure("a weekly schedule always has an instant within eight days")
    }

    /// The due instant to hand the machine: the first scheduled instant after the last one it
    /// handled (`lastSlot`, `nil` before the first), but none older than `grace` before `now`
    /// (older ones were missed while the service was down, and one missed is reported, not a
    /// backlog). Before the first slot ever, the first one after `now`.
    public func due(lastSlot: WallInstant?, now: WallInstant, grace: Double, utcOffset: (WallInstant) -> Int) -> WallInstant {
        let from = lastSlot.map { max($0, WallInstant(secondsSinceEpoch: now.secondsSinceEpoch - grace)) } ?? now
        return next(after: from, utcOffset: utcOffset)
    }

    /// The scheduled instant on a local day (days since 1970-01-01, a Thursday), if it is the
    /// scheduled weekday.
    private func instant(onDay day: Int, _ utcOffset: (WallInstant) -> Int) -> WallInstant? {
        guard (day + 3).modulo(7) + 1 == weekday else { return nil }
        let local = Double(day * 86_400 + hour * 3600 + minute * 60)
        // The offset in force at that local time: taken at a first guess of the instant.
        let guess = WallInstant(secondsSinceEpoch: local - Double(utcOffset(WallInstant(secondsSinceEpoch: local))))
        return WallInstant(secondsSinceEpoch: local - Double(utcOffset(guess)))
    }

    private static func localDay(_ wall: WallInstant, _ utcOffset: (WallInstant) -> Int) -> Int {
        Int(((wall.secondsSinceEpoch + Double(utcOffset(wall))) / 86_400).rounded(.down))
    }
}

extension Int {
    /// The remainder that is never negative.
    func modulo(_ divisor: Int) -> Int { ((self % divisor) + divisor) % divisor }
}
