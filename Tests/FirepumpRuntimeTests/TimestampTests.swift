import FirepumpRuntime
import Testing

@Suite("ISO-8601 timestamps in messages")
struct TimestampTests {
    @Test("UTC to the millisecond, rounded down, also before 1970", arguments: [
        (1_782_914_587.218_999, "2026-07-01T14:03:07.218Z"),
        (0, "1970-01-01T00:00:00.000Z"),
        (-0.001, "1969-12-31T23:59:59.999Z"),
        (951_782_400.5, "2000-02-29T00:00:00.500Z"),
    ])
    func text(_ seconds: Double, _ expected: String) {
        #expect(iso8601(epochSeconds: seconds) == expected)
    }
}
