import Glibc

/// A wall-clock instant as `clock_gettime(CLOCK_REALTIME)` gives it.
public struct WallTime: Sendable, Hashable {
    /// Seconds since 1970-01-01T00:00:00Z.
    public var seconds: Int
    /// Nanoseconds into the second, 0..<1_000_000_000.
    public var nanoseconds: Int

    public init(seconds: Int, nanoseconds: Int) {
        self.seconds = seconds
        self.nanoseconds = nanoseconds
    }

    /// Now, from `CLOCK_REALTIME`: no time-zone lookup.
    public static func now() -> WallTime {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return WallTime(seconds: spec.tv_sec, nanoseconds: spec.tv_nsec)
    }

    /// `2026-07-01T14:03:07.218Z`: ISO-8601 UTC to the millisecond, as ``appendUTC(to:)`` writes it.
    public var iso8601: String {
        var text = ""
        text.reserveCapacity(24)
        appendUTC(to: &text)
        return text
    }

    /// `2026-07-01T14:03:07.218Z`: UTC through `gmtime_r`, which never reads `/etc/localtime`
    /// (`localtime` re-checks it on every call), to the millisecond.
    func appendUTC(to line: inout String) {
        var time = time_t(seconds)
        var fields = tm()
        gmtime_r(&time, &fields)
        append(Int(fields.tm_year) + 1900, digits: 4, to: &line)
        line += "-"
        append(Int(fields.tm_mon) + 1, digits: 2, to: &line)
        line += "-"
        append(Int(fields.tm_mday), digits: 2, to: &line)
        line += "T"
        append(Int(fields.tm_hour), digits: 2, to: &line)
        line += ":"
        append(Int(fields.tm_min), digits: 2, to: &line)
        line += ":"
        append(Int(fields.tm_sec), digits: 2, to: &line)
        line += "."
        append(nanoseconds / 1_000_000, digits: 3, to: &line)
        line += "Z"
    }

    /// `value` in exactly `digits` decimal digits, zero-padded, without an intermediate String.
    private func append(_ value: Int, digits: Int, to line: inout String) {
        var divisor = 1
        for _ in 1..<digits { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            line.unicodeScalars.append(Unicode.Scalar(UInt8(ascii: "0") + UInt8(rest / divisor % 10)))
            rest %= divisor
            divisor /= 10
        }
    }
}
