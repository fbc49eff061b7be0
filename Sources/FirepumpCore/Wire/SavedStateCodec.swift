/// The state file's format (version 2), with the core's own JSON: one line of JSON, then a
/// line with the CRC-32 of that line's bytes:
///
/// ```
/// {"format":2,"sequence":17,"bootID":"…","savedAt":1800000123.5,"state":{"phase":"RUNNING",…},"ledger":{…}}
/// crc32 1a2b3c4d
/// ```
///
/// `ledger`, the run history's counters, run in progress and last run
/// (``HistoryCodec/ledgerPayload(_:)``), is optional: records without it (no history kept, or
/// saved by an older firepump) read with a `nil` ledger.
///
/// The `state` object keeps the member names of version 1 (`{"version":1,"state":{…}}`, no
/// checksum), which ``decode(_:legacySavedAt:)`` still reads so an upgrade keeps a latch.
public enum SavedStateCodec {
    /// The format version written.
    public static let format = 2
    /// Records larger than this are refused unread.
    public static let maxBytes = 65_536

    /// Why bytes are not a usable state record.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    /// The bytes of `record`, checksum line included.
    public static func encode(_ record: StateRecord) -> [UInt8] {
        var header: [JSONValue.Member] = [
            .init("format", .number(Double(format))),
            .init("sequence", .number(Double(record.sequence))),
        ]
        if let bootID = record.bootID { header.append(.init("bootID", .string(bootID))) }
        header.append(.init("savedAt", .number(record.state.savedAt.secondsSinceEpoch)))
        header.append(.init("state", StatePayload.encode(record.state)))
        if let ledger = record.ledger { header.append(.init("ledger", HistoryCodec.ledgerPayload(ledger))) }
        return sealed(JSONValue.object(header).serializedBytes)
    }

    /// `body` followed by its checksum line.
    public static func sealed(_ body: [UInt8]) -> [UInt8] {
        ChecksumTrailer.seal(body, separator: trailer)
    }

    /// What comes between the JSON line and the checksum's digits.
    private static let trailer = "\ncrc32 "

    /// Reads one record. A version 1 file (no checksum, no sequence) is read only when
    /// `legacySavedAt` says when to take it as saved; it gets sequence 0 and no boot id.
    public static func decode(_ bytes: [UInt8], legacySavedAt: WallInstant? = nil) throws(Failure) -> StateRecord {
        guard bytes.count <= maxBytes else { throw Failure("larger than \(maxBytes) bytes") }
        guard let body = try checkedBody(bytes) else {
            guard let legacySavedAt else { throw Failure("no checksum line (torn, or not a firepump state record)") }
            return try decodeLegacy(bytes, savedAt: legacySavedAt)
        }
        let json = try parse(body)
        guard let version = json["format"], version == .number(Double(format)) else {
            throw Failure("format \(json["format"]?.serialized ?? "missing") is not \(format)")
        }
        let savedAt = try StatePayload.number(json["savedAt"], "savedAt")
        return StateRecord(
            sequence: try sequence(json["sequence"]),
            bootID: try StatePayload.optionalString(json["bootID"], "bootID"),
            state: try StatePayload.decode(json["state"], savedAt: WallInstant(secondsSinceEpoch: savedAt)),
            ledger: try ledger(json["ledger"]))
    }

    private static func ledger(_ value: JSONValue?) throws(Failure) -> RunLedger? {
        guard let value, value != .null else { return nil }
        do {
            return try HistoryCodec.decodeLedgerPayload(value)
        } catch {
            throw Failure("ledger: \(error)")
        }
    }

    /// The bytes before a valid checksum line; `nil` when there is no checksum line at all.
    private static func checkedBody(_ bytes: [UInt8]) throws(Failure) -> ArraySlice<UInt8>? {
        switch ChecksumTrailer.open(bytes[...], separator: trailer) {
        case .good(let body): return body
        case .missing: return nil
        case .unreadable: throw Failure("checksum line unreadable")
        case .mismatch: throw Failure("checksum mismatch (torn or altered record)")
        }
    }

    private static func decodeLegacy(_ bytes: [UInt8], savedAt: WallInstant) throws(Failure) -> StateRecord {
        let json = try parse(bytes[...])
        guard json["version"] == .number(1) else { throw Failure("neither a version 2 record nor a version 1 state file") }
        return StateRecord(sequence: 0, bootID: nil, state: try StatePayload.decode(json["state"], savedAt: savedAt))
    }

    private static func parse(_ bytes: ArraySlice<UInt8>) throws(Failure) -> JSONValue {
        do {
            return try JSONReader.parse(Array(bytes))
        } catch {
            throw Failure("not JSON: \(error)")
        }
    }

    private static func sequence(_ value: JSONValue?) throws(Failure) -> UInt64 {
        let number = try StatePayload.number(value, "sequence")
        guard number >= 0, number <= 9_007_199_254_740_992, let sequence = UInt64(exactly: number) else {
            throw Failure("sequence: not a whole number from 0 to 2^53")
        }
        return sequence
    }
}
