@testable import FirepumpLogging
import Glibc
import Logging
import Synchronization
import Testing

/// 2026-07-01T14:03:07.218Z.
private let july = WallTime(seconds: 1_782_914_587, nanoseconds: 218_999_000)

/// The lines a handler wrote.
private final class Captured: Sendable {
    let lines = Mutex<[String]>([])

    var sink: FirepumpLogHandler.Sink {
        { line in self.lines.withLock { $0.append(line) } }
    }
}

private func logger(_ format: LogFormat, level: Logger.Level = .trace, into captured: Captured) -> Logger {
    Logger(label: "firepump.controller") { label in
        var handler = FirepumpLogHandler(label: label, format: format, clock: { july }, sink: captured.sink)
        handler.logLevel = level
        return handler
    }
}

@Suite("Log lines")
struct LogLineTests {
    @Test("a timestamped line starts with the UTC time to the millisecond, then level, label, metadata and message")
    func timestamped() {
        let captured = Captured()
        logger(.timestamped, into: captured).info("state changed", metadata: ["pump.state": "PRIMING", "pump.from": "IDLE", "pump.run": "3"])
        #expect(captured.lines.withLock { $0 } == [
            "2026-07-01T14:03:07.218Z info firepump.controller: pump.from=IDLE pump.run=3 pump.state=PRIMING state changed\n",
        ])
    }

    @Test("single-digit fields are zero-padded and the epoch renders as 1970")
    func padding() {
        var line = ""
        WallTime(seconds: 0, nanoseconds: 5_000_000).appendUTC(to: &line)
        #expect(line == "1970-01-01T00:00:00.005Z")
    }

    @Test("a journal line has the priority prefix and no timestamp of its own", arguments: [
        (Logger.Level.critical, "<2>"), (.error, "<3>"), (.warning, "<4>"), (.notice, "<5>"), (.info, "<6>"), (.debug, "<7>"), (.trace, "<7>"),
    ])
    func journal(level: Logger.Level, prefix: String) {
        let captured = Captured()
        logger(.journal, into: captured).log(level: level, "output", metadata: ["pin.on": "true"])
        #expect(captured.lines.withLock { $0 } == ["\(prefix)firepump.controller: pin.on=true output\n"])
    }

    @Test("values with spaces, quotes or nothing are quoted; a newline never ends the record early")
    func escaping() {
        let captured = Captured()
        logger(.journal, into: captured).error(
            "cannot save\nthe state", metadata: ["error": "disk \"full\"", "empty": "", "path": "/var/lib/x=1"])
        #expect(captured.lines.withLock { $0 } == [
            #"<3>firepump.controller: empty="" error="disk \"full\"" path="/var/lib/x=1" cannot save\nthe state"# + "\n",
        ])
    }

    @Test("records below the handler's level are not written; handler metadata joins each record's")
    func levelAndMetadata() {
        let captured = Captured()
        var logger = logger(.journal, level: .warning, into: captured)
        logger[metadataKey: "pump.host"] = "pi"
        logger.info("not written")
        logger.warning("refused", metadata: ["event": "trigger_ignored"])
        #expect(captured.lines.withLock { $0 } == ["<4>firepump.controller: event=trigger_ignored pump.host=pi refused\n"])
    }

    @Test("JOURNAL_STREAM is parsed as device:inode; anything else is no journal")
    func journalStream() {
        #expect(JournalStream("8:12345") == JournalStream("8:12345"))
        #expect(JournalStream("8:12345")?.matches(device: 8, inode: 12345) == true)
        #expect(JournalStream("8:12345")?.matches(device: 8, inode: 1) == false)
        #expect(JournalStream("8") == nil)
        #expect(JournalStream("a:b") == nil)
        #expect(JournalStream("1:2:3") == nil)
    }

    @Test("without JOURNAL_STREAM, or with one that is not standard error, lines are timestamped")
    func detection() {
        #expect(LogFormat.forStandardError(environment: [:]) == .timestamped)
        #expect(LogFormat.forStandardError(environment: ["JOURNAL_STREAM": "0:0"]) == .timestamped)
    }

    @Test("a JOURNAL_STREAM naming this process's standard error selects journal lines")
    func detectionUnderSystemd() {
        var status = stat()
        #expect(fstat(STDERR_FILENO, &status) == 0)
        let stream = "\(status.st_dev):\(status.st_ino)"
        #expect(LogFormat.forStandardError(environment: ["JOURNAL_STREAM": stream]) == .journal)
    }
}
