#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FirepumpCore

/// The system's local time zone (`TZ`, else `/etc/localtime`), as `localtime_r(3)` reads it:
/// what turns `EXERCISE_SCHEDULE` into instants in the daemon.
public enum LocalTimeZone {
    /// The offset from UTC, in seconds east, in force at `instant` (daylight saving included);
    /// 0 when the time cannot be converted.
    @Sendable public static func utcOffset(at instant: WallInstant) -> Int {
        var seconds = time_t(instant.secondsSinceEpoch.rounded(.down))
        var parts = tm()
        guard localtime_r(&seconds, &parts) != nil else { return 0 }
        return Int(parts.tm_gmtoff)
    }
}
