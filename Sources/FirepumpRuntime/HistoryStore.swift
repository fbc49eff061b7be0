import FirepumpCore

/// Where the finished runs are kept. The ledger (counters, run in progress, last run) travels
/// in the state record (``StateStore``); older firepump kept it beside the history, where it is
/// still read once, for an upgrade.
public protocol HistoryStore: AnyObject {
    /// The ledger an older firepump saved beside the history, newest readable; `nil` when there
    /// is none. Changes nothing.
    /// - Throws: ``HistoryStoreError`` when such ledgers exist but none is readable.
    func legacyLedger() throws(HistoryStoreError) -> RunLedger?
    /// Appends one finished run to the history durably.
    func append(_ record: RunRecord) throws(HistoryStoreError)
    /// Every readable record, oldest first, and what was skipped.
    func read() throws(HistoryStoreError) -> HistoryCodec.Reading
}

/// A history file or old ledger that could not be read or written: the call, path and `errno` text.
public struct HistoryStoreError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// A history in memory, through the same encodings as the files.
public final class MemoryHistoryStore: HistoryStore {
    /// The history file's bytes.
    public private(set) var bytes: [UInt8] = []
    /// The bytes of a ledger file an older firepump left (``HistoryCodec/decodeLedgerFile(_:)``).
    public var legacyLedgerBytes: [UInt8]?
    /// While set, every write fails with this text (to rehearse a full or broken card).
    public var failure: String?

    public init() {}

    public func legacyLedger() throws(HistoryStoreError) -> RunLedger? {
        guard let legacyLedgerBytes else { return nil }
        do {
            return try HistoryCodec.decodeLedgerFile(legacyLedgerBytes).ledger
        } catch {
            throw HistoryStoreError("ledger unreadable: \(error)")
        }
    }

    public func append(_ record: RunRecord) throws(HistoryStoreError) {
        if let failure { throw HistoryStoreError(failure) }
        bytes += HistoryCodec.line(record)
    }

    public func read() -> HistoryCodec.Reading { HistoryCodec.read(bytes) }
}
