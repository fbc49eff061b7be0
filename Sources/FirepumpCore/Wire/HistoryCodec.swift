/// The run history's file formats, with the core's own JSON and CRC-32.
///
/// The history file holds one finished run per line, a JSON object then its checksum:
///
/// ```
/// {"format":1,"id":7,"kind":"fire","source":"trigger","start":1767225600,"end":1767227407,…} crc32 1a2b3c4d
/// ```
///
/// The ledger (counters, run in progress, last run) is a JSON object the state record carries
/// (``ledgerPayload(_:)``); firepump before that kept it in ledger files of its own, still read
/// for an upgrade (``decodeLedgerFile(_:)``).
public enum HistoryCodec {
    /// The format version written.
    public static let format = 1
    /// A history line or ledger file longer than this is refused.
    public static let maxRecordBytes = 65_536

    /// Why bytes are not a usable history record or ledger.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    private static let lineTrailer = " crc32 "
    private static let ledgerTrailer = "\ncrc32 "

    // MARK: History lines

    /// One history line, newline included.
    public static func line(_ record: RunRecord) -> [UInt8] {
        let members: [JSONValue.Member] = [.init("format", .number(Double(format)))] + fields(record)
        return ChecksumTrailer.seal(JSONValue.object(members).serializedBytes, separator: lineTrailer)
    }

    /// What a history file holds.
    public struct Reading: Sendable, Hashable {
        /// The good records, in file order.
        public var records: [RunRecord] = []
        /// Each complete line that was skipped, with its line number and why.
        public var skipped: [String] = []
        /// Bytes after the last complete line: a record torn by a crash mid-write (dropped).
        public var tornBytes = 0
        /// The length of the file up to the end of its last complete line.
        public var completeLength = 0

        public init() {}
    }

    /// Reads a history file: every good line; a corrupt line is skipped (and named), a last line
    /// without its newline is a torn write and dropped.
    public static func read(_ bytes: [UInt8]) -> Reading {
        var reading = Reading()
        var lineStart = 0
        var number = 0
        for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
            number += 1
            let line = bytes[lineStart...index]
            lineStart = index + 1
            do {
                reading.records.append(try record(line: line))
            } catch {
                reading.skipped.append("line \(number): \(error)")
            }
        }
        reading.completeLength = lineStart
        reading.tornBytes = bytes.count - lineStart
        return reading
    }

    private static func record(line: ArraySlice<UInt8>) throws(Failure) -> RunRecord {
        guard line.count <= maxRecordBytes else { throw Failure("longer than \(maxRecordBytes) bytes") }
        switch ChecksumTrailer.open(line, separator: lineTrailer) {
        case .good(let body): return try decode(try parse(body))
        case .missing: throw Failure("no checksum")
        case .unreadable: throw Failure("checksum unreadable")
        case .mismatch: throw Failure("checksum mismatch (torn or altered record)")
        }
    }

    // MARK: Records as JSON

    /// A record's members, as written in the history and published on `last_run`.
    public static func fields(_ record: RunRecord) -> [JSONValue.Member] {
        var members: [JSONValue.Member] = [
            .init("id", .number(Double(record.id))),
            .init("kind", .string(record.kind.rawValue)),
            .init("source", .string(record.source.name)),
            .init("start", .number(record.start.secondsSinceEpoch)),
            .init("end", record.end.map { .number($0.secondsSinceEpoch) } ?? .null),
            .init("stop_reason", record.stopReason.map { .string($0.rawValue) } ?? .null),
            .init("runtime", .number(record.runtime)),
            .init("crank_attempts", .number(Double(record.crankAttempts))),
            .init("alarms", .array(record.alarms.map { .string($0) })),
            .init("restarts", .number(Double(record.restarts))),
            .init("reboots", .number(Double(record.reboots))),
        ]
        if let passed = record.exercisePassed { members.append(.init("exercise_passed", .bool(passed))) }
        if record.interrupted { members.append(.init("interrupted", .bool(true))) }
        return members
    }

    /// A record from its JSON object (``fields(_:)``).
    public static func decode(_ json: JSONValue) throws(Failure) -> RunRecord {
        let fields = Fields(json)
        guard json["format"] == nil || json["format"] == .number(Double(format)) else {
            throw Failure("format \(json["format"]?.serialized ?? "") is not \(format)")
        }
        let kindName = try fields.string("kind")
        guard let kind = RunKind(rawValue: kindName) else { throw Failure("kind: unknown kind \(kindName)") }
        let sourceName = try fields.string("source")
        guard let source = RunSource(name: sourceName) else { throw Failure("source: unknown source \(sourceName)") }
        var stopReason: StopReason?
        if let name = try fields.optionalString("stop_reason") {
            guard let reason = StopReason(rawValue: name) else { throw Failure("stop_reason: unknown reason \(name)") }
            stopReason = reason
        }
        guard case .array(let alarmValues) = json["alarms"] else { throw Failure("alarms: missing or not an array") }
        var alarms: [String] = []
        for value in alarmValues {
            guard let text = value.stringValue else { throw Failure("alarms: not a list of strings") }
            alarms.append(text)
        }
        return RunRecord(
            id: try fields.count("id"), kind: kind, source: source, start: WallInstant(secondsSinceEpoch: try fields.number("start")),
            end: try fields.optionalNumber("end").map(WallInstant.init(secondsSinceEpoch:)), stopReason: stopReason,
            runtime: try fields.duration("runtime"), crankAttempts: try fields.count("crank_attempts"), alarms: alarms,
            restarts: try fields.count("restarts"), reboots: try fields.count("reboots"),
            exercisePassed: try fields.optionalBool("exercise_passed"), interrupted: try fields.optionalBool("interrupted") ?? false)
    }

    // MARK: Ledger

    /// The ledger as a JSON object: what the state record carries as its `ledger` member
    /// (``SavedStateCodec``).
    public static func ledgerPayload(_ ledger: RunLedger) -> JSONValue {
        let counters = ledger.counters
        var members: [JSONValue.Member] = [
            .init("next_id", .number(Double(ledger.nextID))),
            .init("last_machine_run", .number(Double(ledger.lastMachineRun))),
            .init("counters", .object([
                .init("engine_seconds", .number(counters.engineSeconds)),
                .init("runs", .number(Double(counters.runs))),
                .init("starts", .number(Double(counters.starts))),
                .init("failed_starts", .number(Double(counters.failedStarts))),
                .init("exercises_passed", .number(Double(counters.exercisesPassed))),
                .init("exercises_failed", .number(Double(counters.exercisesFailed))),
            ])),
        ]
        if let open = ledger.openRun {
            members.append(.init("open_run", .object([
                .init("machine_run", .number(Double(open.machineRun))),
                .init("start_counted_at_attempt", open.startCountedAtAttempt.map { .number(Double($0)) } ?? .null),
                .init("failed_start_counted", .bool(open.failedStartCounted)),
                .init("record", .object(fields(open.record))),
            ])))
        }
        if let last = ledger.lastRun { members.append(.init("last_run", .object(fields(last)))) }
        return .object(members)
    }

    /// A ledger from its JSON object (``ledgerPayload(_:)``); members the object may hold besides
    /// (a ledger file's `format` and `sequence`) are not looked at.
    public static func decodeLedgerPayload(_ json: JSONValue) throws(Failure) -> RunLedger {
        guard case .object = json else { throw Failure("not an object") }
        let top = Fields(json)
        var ledger = RunLedger()
        ledger.nextID = try top.count("next_id")
        ledger.lastMachineRun = try top.count("last_machine_run")
        let counters = Fields(json["counters"] ?? .null, "counters.")
        ledger.counters.engineSeconds = try counters.duration("engine_seconds")
        ledger.counters.runs = try counters.count("runs")
        ledger.counters.starts = try counters.count("starts")
        ledger.counters.failedStarts = try counters.count("failed_starts")
        ledger.counters.exercisesPassed = try counters.count("exercises_passed")
        ledger.counters.exercisesFailed = try counters.count("exercises_failed")
        if let value = json["open_run"], value != .null {
            let open = Fields(value, "open_run.")
            var run = OpenRun(record: try decode(value["record"] ?? .null), machineRun: try open.count("machine_run"))
            run.startCountedAtAttempt = try open.optionalNumber("start_counted_at_attempt").map { value throws(Failure) in
                guard let attempt = Int(exactly: value) else { throw Failure("open_run.start_counted_at_attempt: not a whole number") }
                return attempt
            }
            run.failedStartCounted = try open.optionalBool("failed_start_counted") ?? false
            ledger.openRun = run
        }
        if let value = json["last_run"], value != .null { ledger.lastRun = try decode(value) }
        return ledger
    }

    /// A ledger file of firepump before the ledger moved into the state record
    /// (`<HISTORY_FILE>.ledger.0`/`.1`: ``ledgerPayload(_:)`` with `format` and `sequence`
    /// members, then a line `crc32 <8 hex digits>`), with its sequence number. Read once, to
    /// carry the counters over an upgrade.
    public static func decodeLedgerFile(_ bytes: [UInt8]) throws(Failure) -> (sequence: UInt64, ledger: RunLedger) {
        guard bytes.count <= maxRecordBytes else { throw Failure("larger than \(maxRecordBytes) bytes") }
        let body: ArraySlice<UInt8>
        switch ChecksumTrailer.open(bytes[...], separator: ledgerTrailer) {
        case .good(let good): body = good
        case .missing: throw Failure("no checksum line (torn, or not a firepump history ledger)")
        case .unreadable: throw Failure("checksum line unreadable")
        case .mismatch: throw Failure("checksum mismatch (torn or altered record)")
        }
        let json = try parse(body)
        guard json["format"] == .number(Double(format)) else { throw Failure("format \(json["format"]?.serialized ?? "missing") is not \(format)") }
        let ledger = try decodeLedgerPayload(json)
        return (UInt64(try Fields(json).count("sequence")), ledger)
    }

    private static func parse(_ bytes: ArraySlice<UInt8>) throws(Failure) -> JSONValue {
        do {
            return try JSONReader.parse(Array(bytes))
        } catch {
            throw Failure("not JSON: \(error)")
        }
    }
}

/// Typed reads of an object's members, each failure naming the member.
private struct Fields {
    let json: JSONValue
    let prefix: String

    init(_ json: JSONValue, _ prefix: String = "") {
        self.json = json
        self.prefix = prefix
    }

    typealias Failure = HistoryCodec.Failure

    func number(_ key: String) throws(Failure) -> Double {
        guard case .number(let value) = json[key], value.isFinite else { throw Failure("\(prefix)\(key): missing or not a number") }
        return value
    }

    func optionalNumber(_ key: String) throws(Failure) -> Double? {
        guard let value = json[key], value != .null else { return nil }
        return try number(key)
    }

    /// A whole number, 0 or more.
    func count(_ key: String) throws(Failure) -> Int {
        guard let value = Int(exactly: try number(key)), value >= 0 else { throw Failure("\(prefix)\(key): not a whole number ≥ 0") }
        return value
    }

    /// Seconds, 0 or more.
    func duration(_ key: String) throws(Failure) -> Double {
        let value = try number(key)
        guard value >= 0 else { throw Failure("\(prefix)\(key): negative") }
        return value
    }

    func string(_ key: String) throws(Failure) -> String {
        guard let text = json[key]?.stringValue else { throw Failure("\(prefix)\(key): missing or not a string") }
        return text
    }

    func optionalString(_ key: String) throws(Failure) -> String? {
        guard let value = json[key], value != .null else { return nil }
        return try string(key)
    }

    func optionalBool(_ key: String) throws(Failure) -> Bool? {
        guard let value = json[key], value != .null else { return nil }
        guard case .bool(let flag) = value else { throw Failure("\(prefix)\(key): not true/false") }
        return flag
    }
}
