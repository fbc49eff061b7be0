import FirepumpCore

/// The scenario's `wallclock`: the local date and time at t = 0 with its UTC offset, which is
/// the local time zone for the whole scenario (so `EXERCISE_SCHEDULE` can be rehearsed).
public struct ScenarioClock: Sendable, Hashable {
    /// Wall-clock time at t = 0, seconds since the Unix epoch.
    public var epochAtStart: Double
    /// The local time zone's offset from UTC, seconds east.
    public var utcOffset: Int

    /// 2026-01-01T00:00:00Z, so timestamps are reproducible.
    public static let standard = ScenarioClock(epochAtStart: 1_767_225_600, utcOffset: 0)

    public init(epochAtStart: Double, utcOffset: Int) {
        self.epochAtStart = epochAtStart
        self.utcOffset = utcOffset
    }

    /// Reads `2026-11-29T09:58:00-08:00` (seconds optional, `Z` for UTC); `nil` when it is not
    /// that form or not a real date.
    public init?(iso8601 text: String) {
        let chars = Array(text)
        guard chars.count >= 17, chars[4] == "-", chars[7] == "-", chars[10] == "T", chars[13] == ":" else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= chars.count, chars[range].allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            return Int(String(chars[range]))
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16) else { return nil }
        var index = 16
        var second = 0
        if index < chars.count, chars[index] == ":" {
            guard let value = number(17..<19) else { return nil }
            second = value
            index = 19
        }
        let zone = String(chars[index...])
        var offset = 0
        if zone != "Z" {
            let zoneChars = Array(zone)
            guard zoneChars.count == 6, zoneChars[0] == "+" || zoneChars[0] == "-", zoneChars[3] == ":",
                  let zoneHours = Int(String(zoneChars[1...2])), let zoneMinutes = Int(String(zoneChars[4...5])),
                  zoneChars[1...2].allSatisfy(\.isNumber), zoneChars[4...5].allSatisfy(\.isNumber),
                  zoneHours <= 14, zoneMinutes < 60 else { return nil }
            offset = (zoneHours * 3600 + zoneMinutes * 60) * (zoneChars[0] == "-" ? -1 : 1)
        }
        guard (1...12).contains(month), (1...Self.daysIn(month, year)).contains(day), hour < 24, minute < 60, second < 60 else { return nil }
        let local = Self.daysSinceEpoch(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second
        self.init(epochAtStart: Double(local - offset), utcOffset: offset)
    }

    private static func daysIn(_ month: Int, _ year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    private static func daysSinceEpoch(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
