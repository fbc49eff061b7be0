import FirepumpLogging

/// ISO-8601 UTC text for wall-clock seconds since the Unix epoch, e.g. `2026-11-25T05:52:21.123Z`,
/// the form of the reference's `timestamp` field: the log lines' own formatter (``WallTime``), to
/// the millisecond below.
public func iso8601(epochSeconds: Double) -> String {
    let millis = Int((epochSeconds * 1000).rounded(.down))
    let seconds = millis >= 0 ? millis / 1000 : (millis - 999) / 1000
    return WallTime(seconds: seconds, nanoseconds: (millis - seconds * 1000) * 1_000_000).iso8601
}
