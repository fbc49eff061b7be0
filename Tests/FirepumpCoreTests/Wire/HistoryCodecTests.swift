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

    @Test("the ledger goes through its encoding unchanged; a torn or altered one is refused")
    func ledger() throws {
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
        let bytes = HistoryCodec.encodeLedger(ledger, sequence: 42)
        let decoded = try HistoryCodec.decodeLedger(bytes)
        #expect(decoded.sequence == 42)
        #expect(decoded.ledger == ledger)
        #expect(try HistoryCodec.decodeLedger(HistoryCodec.encodeLedger(RunLedger(), sequence: 1)).ledger == RunLedger())
        for cut in [1, bytes.count / 2, bytes.count - 1] {
            #expect(throws: HistoryCodec.Failure.self) { try HistoryCodec.decodeLedger(Array(bytes[..<cut])) }
        }
        var altered = bytes
        altered[30] ^= 0x04
        #expect(throws: HistoryCodec.Failure.self) { try HistoryCodec.decodeLedger(altered) }
    }
}
