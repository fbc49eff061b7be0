import FirepumpCore
import Testing

@Suite("History file format")
struct HistoryCodecTests {
    static func record(_ id: Int) -> RunRecord {
        RunRecord(
            id: id, kind: .fire, source: .trigger, start: WallInstant(secondsSinceEpoch: 1_800_000_000 + Double(id) * 3600),
            end: WallInstant(secondsSinceEpoch: 1_800_000_600.5 + Double(id) * 3600), stopReason: .fireOff, runtime: 593.5,
            crankAttempts: 1, alarms: ["input_lost:flow_sensor"], restarts: 1)
    }

    @Test("a record goes through a history line unchanged, every field included")
    func roundTrip() throws {
        let records = [
            Self.record(1),
            RunRecord(id: 2, kind: .exercise, source: .command(.bypassStart), start: WallInstant(secondsSinceEpoch: 1.25),
                      runtime: 0, crankAttempts: 3, reboots: 2, exercisePassed: false),
            RunRecord(id: 3, kind: .fire, source: .unknown, start: WallInstant(secondsSinceEpoch: 7), interrupted: true),
        ]
        let bytes = records.flatMap(HistoryCodec.line)
        let reading = HistoryCodec.read(bytes)
        #expect(reading.records == records)
        #expect(reading.skipped.isEmpty && reading.tornBytes == 0 && reading.completeLength == bytes.count)
        let text = String(decoding: HistoryCodec.line(Self.record(1)), as: UTF8.self)
        #expect(text.hasPrefix(#"{"format":1,"id":1,"kind":"fire","source":"trigger","start":1800003600,"end":1800004200.5,"stop_reason":"fire_off","runtime":593.5,"crank_attempts":1,"alarms":["input_lost:flow_sensor"],"restarts":1,"reboots":0} crc32 "#))
        #expect(text.hasSuffix("\n") && text.filter { $0 == "\n" }.count == 1)
    }

    @Test("a last record torn at any byte is dropped; every earlier record still loads")
    func tornLastRecordAtEveryOffset() {
        let earlier = [Self.record(1), Self.record(2)]
        let head = earlier.flatMap(HistoryCodec.line)
        let last = HistoryCodec.line(Self.record(3))
        for cut in 0..<last.count {
            let reading = HistoryCodec.read(head + last[..<cut])
            #expect(reading.records == earlier, "cut at \(cut)")
            #expect(reading.tornBytes == cut, "cut at \(cut)")
            #expect(reading.completeLength == head.count)
            #expect(reading.skipped.isEmpty, "a torn tail is not a corrupt record (cut at \(cut))")
        }
        #expect(HistoryCodec.read(head + last).records.count == 3)
    }

    @Test("a corrupt record in the middle is skipped and named; the records around it load")
    func corruptMiddleRecord() {
        var second = HistoryCodec.line(Self.record(2))
        second[20] ^= 0x01
        let reading = HistoryCodec.read(HistoryCodec.line(Self.record(1)) + second + HistoryCodec.line(Self.record(3)))
        #expect(reading.records.map(\.id) == [1, 3])
        #expect(reading.skipped == ["line 2: checksum mismatch (torn or altered record)"])
        let garbage = HistoryCodec.read(Array("hello\n".utf8) + HistoryCodec.line(Self.record(4)))
        #expect(garbage.records.map(\.id) == [4])
        #expect(garbage.skipped == ["line 1: no checksum"])
    }

    /// A ledger with every field set.
    static var everyLedgerField: RunLedger {
        var ledger = RunLedger()
        ledger.counters.engineSeconds = 1234.5
        ledger.counters.runs = 4
        ledger.counters.starts = 5
        ledger.counters.failedStarts = 1
        ledger.counters.exercisesPassed = 2
        ledger.counters.exercisesFailed = 3
        ledger.nextID = 5
        ledger.lastMachineRun = 17
        var open = OpenRun(record: RunRecord(id: 4, kind: .fire, source: .button, start: WallInstant(secondsSinceEpoch: 9)), machineRun: 17)
        open.startCountedAtAttempt = 2
        open.failedStartCounted = true
        ledger.openRun = open
        ledger.lastRun = Self.record(3)
        return ledger
    }

    /// ``everyLedgerField`` as the ledger file `history.jsonl.ledger.0` of the firepump before
    /// the ledger moved into the state record wrote it, sequence 42.
    static let ledgerFileBody = #"{"format":1,"sequence":42,"next_id":5,"last_machine_run":17,"counters":{"engine_seconds":1234.5,"runs":4,"starts":5,"failed_starts":1,"exercises_passed":2,"exercises_failed":3},"open_run":{"machine_run":17,"start_counted_at_attempt":2,"failed_start_counted":true,"record":{"id":4,"kind":"fire","source":"button","start":9,"end":null,"stop_reason":null,"runtime":0,"crank_attempts":0,"alarms":[],"restarts":0,"reboots":0}},"last_run":{"id":3,"kind":"fire","source":"trigger","start":1800010800,"end":1800011400.5,"stop_reason":"fire_off","runtime":593.5,"crank_attempts":1,"alarms":["input_lost:flow_sensor"],"restarts":1,"reboots":0}}"#
    static let ledgerFile = Array((ledgerFileBody + "\ncrc32 db848a68\n").utf8)

    @Test("the ledger goes through its JSON object unchanged, every field included: the ledger file's JSON without format and sequence")
    func ledger() throws {
        let ledger = Self.everyLedgerField
        let text = HistoryCodec.ledgerPayload(ledger).serialized
        #expect(text == "{" + Self.ledgerFileBody.dropFirst(#"{"format":1,"sequence":42,"#.count))
        #expect(try HistoryCodec.decodeLedgerPayload(JSONReader.parse(Array(text.utf8))) == ledger)
        #expect(try HistoryCodec.decodeLedgerPayload(HistoryCodec.ledgerPayload(RunLedger())) == RunLedger())
        #expect(throws: HistoryCodec.Failure("not an object")) { try HistoryCodec.decodeLedgerPayload(.array([])) }
        #expect(throws: HistoryCodec.Failure("counters.runs: missing or not a number")) {
            try HistoryCodec.decodeLedgerPayload(.object([
                .init("next_id", .number(1)), .init("last_machine_run", .number(0)),
                .init("counters", .object([.init("engine_seconds", .number(0)), .init("runs", .string("4"))])),
            ]))
        }
    }

    @Test("a ledger file of an older firepump reads with its sequence; a torn or altered one is refused")
    func ledgerFile() throws {
        let bytes = Self.ledgerFile
        let decoded = try HistoryCodec.decodeLedgerFile(bytes)
        #expect(decoded.sequence == 42)
        #expect(decoded.ledger == Self.everyLedgerField)
        for cut in [1, bytes.count / 2, bytes.count - 1] {
            #expect(throws: HistoryCodec.Failure.self) { try HistoryCodec.decodeLedgerFile(Array(bytes[..<cut])) }
        }
        var altered = bytes
        altered[30] ^= 0x04
        #expect(throws: HistoryCodec.Failure.self) { try HistoryCodec.decodeLedgerFile(altered) }
    }
}
