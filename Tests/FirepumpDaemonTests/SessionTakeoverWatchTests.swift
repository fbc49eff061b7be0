import FirepumpCore
@testable import FirepumpDaemon
import Testing

/// Issue 12 item 8: two controllers with one client id take the session from each other; the
/// symptom (connections dropped soon after each connect) is warned about, at most every 5 min.
@Suite("Spotting a second client with the same id")
struct SessionTakeoverWatchTests {
    /// Connects at each instant and loses the connection `lasting` seconds later; returns the
    /// streak reported at each loss (nil: no warning).
    static func cycles(_ watch: inout SessionTakeoverWatch, at starts: [Double], lasting: Double) -> [Int?] {
        starts.map { start in
            watch.connected(at: Instant(seconds: start))
            return watch.disconnected(at: Instant(seconds: start + lasting))
        }
    }

    @Test("three connections in a row dropped within 10 s warn; the next warning waits 5 min")
    func shortConnectionsWarn() {
        var watch = SessionTakeoverWatch()
        let warnings = Self.cycles(&watch, at: [0, 3, 6, 9, 12], lasting: 1)
        #expect(warnings == [nil, nil, 3, nil, nil])
        #expect(Self.cycles(&watch, at: [300], lasting: 1) == [nil], "4 min 54 s after the warning")
        #expect(Self.cycles(&watch, at: [306], lasting: 1) == [7], "5 min after it")
    }

    @Test("connections that last, or losses with no connection before, never warn")
    func longConnectionsDoNotWarn() {
        var watch = SessionTakeoverWatch()
        #expect(Self.cycles(&watch, at: [0, 100, 200, 300], lasting: 60).allSatisfy { $0 == nil })
        #expect(watch.disconnected(at: Instant(seconds: 500)) == nil)
        // A long connection between short ones starts the count again.
        let mixed = Self.cycles(&watch, at: [600, 603], lasting: 1) + Self.cycles(&watch, at: [606], lasting: 30)
            + Self.cycles(&watch, at: [640, 643], lasting: 1)
        #expect(mixed.allSatisfy { $0 == nil })
    }
}
