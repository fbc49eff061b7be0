/// ISO-8601 UTC text for wall-clock seconds since the Unix epoch, e.g. `2026-11-25T05:52:21.123Z`,
/// the form of the reference's `timestamp` field. Computed by hand to keep Foundation out.
public func iso8601(epochSeconds: Double) -> String {
    let millis = Int64((epochSeconds * 1000).rounded(.down))
    let days = millis >= 0 ? millis / 86_400_000 : (millis - 86_399_999) / 86_400_000
    let msOfDay = millis - days * 86_400_000
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let day = doy - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    let hour = msOfDay / 3_600_000, minute = msOfDay / 60_000 % 60, second = msOfDay / 1000 % 60, ms = msOfDay % 1000
    // Written digit by digit into one buffer: one allocation per timestamp (it is in every message).
    var text: [UInt8] = []
    text.reserveCapacity(24)
    for (value, width, separator) in [
        (year, 4, "-"), (month, 2, "-"), (day, 2, "T"), (hour, 2, ":"), (minute, 2, ":"), (second, 2, "."), (ms, 3, "Z"),
    ] as [(Int64, Int, Unicode.Scalar)] {
        var divisor: Int64 = 1
        for _ in 1..<width { divisor *= 10 }
        while divisor > 0 {
            text.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
            divisor /= 10
        }
        text.append(UInt8(ascii: separator))
    }
    return String(decoding: text, as: UTF8.self)
}
