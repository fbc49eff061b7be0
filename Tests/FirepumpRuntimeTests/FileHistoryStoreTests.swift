import FirepumpCore
import FirepumpRuntime
import Foundation
import Testing

@Suite("The history file")
final class FileHistoryStoreTests {
    let directory: URL = FileManager.default.temporaryDirectory.appendingPathComponent("firepump-history-\(UUID().uuidString)")
    var path: String { directory.appendingPathComponent("history.jsonl").path }

    init() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    static func record(_ id: Int) -> RunRecord {
        RunRecord(id: id, kind: .fire, source: .trigger, start: WallInstant(secondsSinceEpoch: 1_800_000_000 + Double(id)),
                  end: WallInstant(secondsSinceEpoch: 1_800_000_100 + Double(id)), stopReason: .maxRuntime, runtime: 90, crankAttempts: 1)
    }

    func bytes(_ file: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: file))) }

    @Test("appends records durably and reads them back; the file is mode 0600")
    func appendAndRead() throws {
        let store = FileHistoryStore(path: path)
        #expect(try store.read().records.isEmpty, "no file: no records")
        for id in 1...3 { try store.append(Self.record(id)) }
        #expect(try FileHistoryStore(path: path).read().records == (1...3).map(Self.record))
        let mode = try (FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue
        #expect(mode == 0o600)
    }

    @Test("a record torn by a kill mid-write is cut off before the next append; the earlier ones stay")
    func tornRecordCutBeforeAppend() throws {
        let first = FileHistoryStore(path: path)
        for id in 1...2 { try first.append(Self.record(id)) }
        let torn = HistoryCodec.line(Self.record(3))
        for cut in [1, torn.count / 2, torn.count - 1] {
            let intact = try bytes(path)
            try Data(intact + torn[..<cut]).write(to: URL(fileURLWithPath: path))
            #expect(try FileHistoryStore(path: path).read().records.map(\.id) == [1, 2], "cut at \(cut)")
            try Data(intact).write(to: URL(fileURLWithPath: path))
        }
        try Data(try bytes(path) + torn[..<10]).write(to: URL(fileURLWithPath: path))
        let restarted = FileHistoryStore(path: path)
        try restarted.append(Self.record(3))
        let reading = try restarted.read()
        #expect(reading.records.map(\.id) == [1, 2, 3])
        #expect(reading.tornBytes == 0 && reading.skipped.isEmpty)
    }

    func writeLegacyLedger(runs: Int, sequence: UInt64, slot: Int) throws {
        var ledger = RunLedger()
        ledger.counters.runs = runs
        try Data(LegacyLedgerFile.bytes(ledger, sequence: sequence)).write(to: URL(fileURLWithPath: "\(path).ledger.\(slot)"))
    }

    @Test("the file rotates to .1 past its size, one old file kept; every record of both files reads, the old ledger file is untouched")
    func rotation() throws {
        let line = HistoryCodec.line(Self.record(1)).count
        let store = FileHistoryStore(path: path, rotationBytes: 3 * line)
        try writeLegacyLedger(runs: 7, sequence: 1, slot: 1)
        for id in 1...3 { try store.append(Self.record(id)) }
        #expect(!FileManager.default.fileExists(atPath: store.oldPath), "three lines fit")
        try store.append(Self.record(4))
        #expect(try FileHistoryStore(path: store.oldPath).read().records.map(\.id) == [1, 2, 3])
        #expect(try store.read().records.map(\.id) == [1, 2, 3, 4])
        for id in 5...7 { try store.append(Self.record(id)) }
        #expect(try store.read().records.map(\.id) == [4, 5, 6, 7], "the second rotation replaced the old file")
        #expect(try bytes(path).count == line)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(files == ["history.jsonl", "history.jsonl.1", "history.jsonl.ledger.1"])
        #expect(try FileHistoryStore(path: path).legacyLedger()?.counters.runs == 7)
    }

    @Test("an older firepump's two ledger files: the higher sequence wins, a torn newest one falls back to the other")
    func legacyLedgerSlots() throws {
        let store = FileHistoryStore(path: path)
        #expect(store.legacyLedgerPaths == ["\(path).ledger.0", "\(path).ledger.1"])
        #expect(try store.legacyLedger() == nil)
        try writeLegacyLedger(runs: 2, sequence: 2, slot: 0)
        try writeLegacyLedger(runs: 3, sequence: 3, slot: 1)
        #expect(try store.legacyLedger()?.counters.runs == 3)
        let newest = try bytes(store.legacyLedgerPaths[1])
        try Data(newest[..<(newest.count / 2)]).write(to: URL(fileURLWithPath: store.legacyLedgerPaths[1]))
        #expect(try store.legacyLedger()?.counters.runs == 2, "the older file")
        #expect(try bytes(store.legacyLedgerPaths[1]).count == newest.count / 2, "reading changes nothing")
    }

    @Test("when neither old ledger file is readable, reading fails naming both and moves nothing")
    func legacyLedgerUnreadable() throws {
        let store = FileHistoryStore(path: path)
        for slot in store.legacyLedgerPaths { try Data("garbage".utf8).write(to: URL(fileURLWithPath: slot)) }
        let error = try #require(throws: HistoryStoreError.self) { try store.legacyLedger() }
        #expect(store.legacyLedgerPaths.allSatisfy { error.description.contains("\($0) is unreadable (no checksum line") })
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(files == ["history.jsonl.ledger.0", "history.jsonl.ledger.1"], "nothing moved aside")
    }

    @Test("a directory that cannot be written: append throws, naming the call and path")
    func unwritable() throws {
        let store = FileHistoryStore(path: directory.appendingPathComponent("missing/history.jsonl").path)
        #expect { try store.append(Self.record(1)) } throws: { "\($0)".contains("open") && "\($0)".contains("missing/history.jsonl") }
    }
}
