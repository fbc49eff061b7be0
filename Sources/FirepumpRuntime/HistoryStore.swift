import FirepumpCore

/// Where the run history and its ledger (counters, run in progress, last run) are kept.
public protocol HistoryStore: AnyObject {
    /// The newest saved ledger with a good checksum; `nil` when none was saved.
    /// - Throws: ``HistoryStoreError`` when ledgers exist but none is readable (each is then
    ///   kept aside, so the next save does not overwrite the evidence).
    func loadLedger() throws(HistoryStoreError) -> RunLedger?
    /// Saves the ledger durably, as the next of its records.
    func saveLedger(_ ledger: RunLedger) throws(HistoryStoreError)
    /// Appends one finished run to the history durably.
    func append(_ record: RunRecord) throws(HistoryStoreError)
    /// Every readable record, oldest first, and what was skipped.
    func read() throws(HistoryStoreError) -> HistoryCodec.Reading
}

/// A history file or ledger that could not be read or written: the call, path and `errno` text.
public struct HistoryStoreError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// A history in memory, through the same encodings as the files.
public final class MemoryHistoryStore: HistoryStore {
    /// The history file's bytes.
    public private(set) var bytes: [UInt8] = []
    /// The last saved ledger's bytes.
    public private(set) var ledgerBytes: [UInt8]?
    /// While set, every write fails with this text (to rehearse a full or broken card).
    public var failure: String?
    private var sequence: UInt64 = 0

    public init() {}

    public func loadLedger() throws(HistoryStoreError) -> RunLedger? {
        guard let ledgerBytes else { return nil }
        do {
            let (sequence, ledger) = try HistoryCodec.decodeLedger(ledgerBytes)
            self.sequence = sequence
            return ledger
        } catch {
            throw HistoryStoreError("ledger unreadable: \(error)")
        }
    }

    public func saveLedger(_ ledger: RunLedger) throws(HistoryStoreError) {
        if let failure { throw HistoryStoreError(failure) }
        sequence += 1
        ledgerBytes = HistoryCodec.encodeLedger(ledger, sequence: sequence)
    }

    public func append(_ record: RunRecord) throws(HistoryStoreError) {
        if let failure { throw HistoryStoreError(failure) }
        bytes += HistoryCodec.line(record)
    }

    public func read() -> HistoryCodec.Reading { HistoryCodec.read(bytes) }
}
