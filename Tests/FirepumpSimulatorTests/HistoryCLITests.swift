import FirepumpCore
import FirepumpRuntime
import Foundation
import Testing

/// `firepump history`, run as a binary on a history written in the daemon's formats.
@Suite("The firepump history command line")
struct HistoryCLITests {
    /// Where the fixture keeps the ledger: in the state record, or in the ledger files of an
    /// older firepump (beside a state record without one).
    enum LedgerPlace {
        case state
        case legacyFiles
    }

    /// The runtime directory the command looks in for the state's runtime copy.
    static func environment(_ scratch: borrowing Scratch) -> [String: String] {
        ["RUNTIME_DIRECTORY": scratch.url.appendingPathComponent("run").path]
    }

    /// A history of three runs (the second line of the file corrupted after them), a rotated
    /// older file with one run, and a ledger with a run in progress.
    static func fixture(in scratch: borrowing Scratch, ledgerIn place: LedgerPlace = .state) throws -> String {
        let base = 1_800_000_000.0
        let records = [
            RunRecord(id: 1, kind: .fire, source: .trigger, start: WallInstant(secondsSinceEpoch: base),
                      end: WallInstant(secondsSinceEpoch: base + 605), stopReason: .fireOff, runtime: 598, crankAttempts: 1),
            RunRecord(id: 2, kind: .fire, source: .command(.start), start: WallInstant(secondsSinceEpoch: base + 86_400),
                      end: WallInstant(secondsSinceEpoch: base + 86_430.25), stopReason: .failToStart, runtime: 0, crankAttempts: 3,
                      alarms: ["input_lost:flow_sensor"], reboots: 1),
            RunRecord(id: 3, kind: .fire, source: .button, start: WallInstant(secondsSinceEpoch: base + 90_000), interrupted: true),
            RunRecord(id: 4, kind: .fire, source: .trigger, start: WallInstant(secondsSinceEpoch: base + 100_000),
                      end: WallInstant(secondsSinceEpoch: base + 101_807), stopReason: .maxRuntime, runtime: 1800, crankAttempts: 1, restarts: 2),
        ]
        let history = scratch.url.appendingPathComponent("history.jsonl")
        try Data(HistoryCodec.line(records[0])).write(to: URL(fileURLWithPath: history.path + ".1"))
        var corrupt = HistoryCodec.line(records[1])
        corrupt[10] ^= 0x01
        try Data(HistoryCodec.line(records[1]) + HistoryCodec.line(records[2]) + corrupt + HistoryCodec.line(records[3])).write(to: history)
        var ledger = RunLedger()
        ledger.counters.engineSeconds = 2398
        ledger.counters.runs = 5
        ledger.counters.starts = 2
        ledger.counters.failedStarts = 1
        ledger.nextID = 6
        ledger.lastRun = records[3]
        ledger.openRun = OpenRun(record: RunRecord(id: 5, kind: .fire, source: .trigger, start: WallInstant(secondsSinceEpoch: base + 200_000)), machineRun: 9)
        let statePath = scratch.url.appendingPathComponent("state.json").path
        let state = SavedState(PumpState(), clock: ClockReading(monotonic: .zero, wall: WallInstant(secondsSinceEpoch: base + 200_100)))
        switch place {
        case .state:
            try FileStateStore(path: statePath, runtimeDirectory: nil, bootID: nil).save(state, ledger: ledger)
        case .legacyFiles:
            try FileStateStore(path: statePath, runtimeDirectory: nil, bootID: nil).save(state)
            try Data(LegacyLedgerFile.bytes(ledger, sequence: 12)).write(to: URL(fileURLWithPath: history.path + ".ledger.0"))
        }
        return try scratch.write("firepump.env", "HISTORY_FILE=\(history.path)\nSTATE_FILE=\(statePath)\n")
    }

    /// The ledger as the fixture saved it in the state record.
    static func savedLedger(_ scratch: borrowing Scratch) throws -> RunLedger? {
        try FileStateStore(path: scratch.url.appendingPathComponent("state.json").path, runtimeDirectory: nil, bootID: nil).load()?.ledger
    }

    @Test("the table: counters, the run in progress, one line per run oldest first; a corrupt record is skipped with a warning")
    func table() throws {
        let scratch = try Scratch()
        let config = try Self.fixture(in: scratch)
        let result = try FirepumpBinary.run(["history", "--config", config], in: scratch.url, environment: Self.environment(scratch))
        #expect(result.status == 0)
        #expect(result.stdoutLines == Self.table)
        #expect(result.stderrLines.count == 1)
        #expect(result.stderrLines.first?.hasPrefix("firepump: warning: record skipped: ") == true)
        #expect(result.stderrLines.first?.contains("history.jsonl line 3: checksum mismatch") == true)
    }

    @Test("upgrade: the counters in an older firepump's ledger files print as they will once the state record carries them")
    func legacyLedgerFiles() throws {
        let scratch = try Scratch()
        let config = try Self.fixture(in: scratch, ledgerIn: .legacyFiles)
        #expect(try Self.savedLedger(scratch) == nil, "the state record has no ledger")
        let before = try FirepumpBinary.run(["history", "--config", config], in: scratch.url, environment: Self.environment(scratch))
        #expect(before.status == 0)
        #expect(before.stdoutLines == Self.table)
        let legacy = try #require(try FileHistoryStore(path: scratch.url.appendingPathComponent("history.jsonl").path).legacyLedger())
        let statePath = scratch.url.appendingPathComponent("state.json").path
        // What the daemon's next save does: the same state, the ledger carried. The old file is
        // removed here to show that the state record is what is read.
        let store = FileStateStore(path: statePath, runtimeDirectory: nil, bootID: nil)
        try store.save(try #require(try store.load()).state, ledger: legacy)
        try FileManager.default.removeItem(atPath: scratch.url.appendingPathComponent("history.jsonl.ledger.0").path)
        let after = try FirepumpBinary.run(["history", "--config", config], in: scratch.url, environment: Self.environment(scratch))
        #expect(after.status == 0)
        #expect(after.stdoutLines == before.stdoutLines)
        #expect(after.stderrLines == before.stderrLines)
    }

    /// The table of the fixture.
    static let table = [
            "engine hours      0.67 (2398.0 s)",
            "runs              5",
            "starts            2",
            "failed starts     1",
            "exercises passed  0",
            "exercises failed  0",
            "in progress       run 5 (fire, trigger) since 2027-01-17T15:33:20.000Z",
            "",
            "ID  KIND  SOURCE   START (UTC)               END (UTC)                 RUNTIME   CRANKS  STOP REASON    ALARMS",
            "1   fire  trigger  2027-01-15T08:00:00.000Z  2027-01-15T08:10:05.000Z  598.0 s   1       fire_off       -",
            "2   fire  start    2027-01-16T08:00:00.000Z  2027-01-16T08:00:30.250Z  0.0 s     3       fail_to_start  input_lost:flow_sensor, reboots 1",
            "3   fire  button   2027-01-16T09:00:00.000Z  -                         0.0 s     0       interrupted    -",
            "4   fire  trigger  2027-01-16T11:46:40.000Z  2027-01-16T12:16:47.000Z  1800.0 s  1       max_runtime    restarts 2",
    ]

    @Test("--json: one document with the counters, the run in progress and every run, times in ISO-8601 UTC")
    func json() throws {
        let scratch = try Scratch()
        let config = try Self.fixture(in: scratch)
        let result = try FirepumpBinary.run(["history", "--json", "--config", config], in: scratch.url, environment: Self.environment(scratch))
        #expect(result.status == 0)
        #expect(result.stdoutLines.count == 1)
        let document = try JSONReader.parse(Array(result.stdout.utf8))
        #expect(document["history_file"] == .string(scratch.url.appendingPathComponent("history.jsonl").path))
        #expect(document["counters"]?["engine_seconds"] == 2398 && document["counters"]?["engine_hours"] == 0.67)
        #expect(document["counters"]?["failed_starts"] == 1 && document["counters"]?["runs"] == 5)
        #expect(document["in_progress"]?["id"] == 5)
        guard case .array(let runs) = document["runs"] else {
            Issue.record("runs is not an array")
            return
        }
        #expect(runs.map { $0["id"] } == [1, 2, 3, 4])
        #expect(runs[1]["start"] == "2027-01-16T08:00:00.000Z" && runs[1]["stop_reason"] == "fail_to_start")
        #expect(runs[1]["alarms"] == .array(["input_lost:flow_sensor"]) && runs[1]["reboots"] == 1)
        #expect(runs[2]["end"] == .null && runs[2]["interrupted"] == .bool(true))
    }

    @Test("no history yet: zero counters and no runs, exit 0; a file that cannot be read: exit 1 naming it")
    func emptyAndUnreadable() throws {
        let scratch = try Scratch()
        let config = try scratch.write("firepump.env", "HISTORY_FILE=\(scratch.url.path)/history.jsonl\nSTATE_FILE=\(scratch.url.path)/state.json\n")
        let empty = try FirepumpBinary.run(["history", "--config", config], in: scratch.url, environment: Self.environment(scratch))
        #expect(empty.status == 0 && empty.stderr == "")
        #expect(empty.stdoutLines.first == "engine hours      0.00 (0.0 s)")
        #expect(empty.stdoutLines.last == "no runs recorded")
        try FileManager.default.createDirectory(at: scratch.url.appendingPathComponent("history.jsonl"), withIntermediateDirectories: true)
        let unreadable = try FirepumpBinary.run(["history", "--config", config], in: scratch.url, environment: Self.environment(scratch))
        #expect(unreadable.status == 1)
        #expect(unreadable.stderrLines.first?.hasPrefix("firepump: cannot read the history: read \(scratch.url.path)/history.jsonl") == true)
    }
}
