import FirepumpCore

/// Where the controller persists its state between runs of the process (target §9).
public protocol StateStore: AnyObject {
    /// The boot id this process runs under, saved with every record; `nil` when unknown.
    var bootID: String? { get }
    /// The newest saved record with a good checksum, `nil` when nothing was saved.
    /// - Throws: ``StateStoreError`` when there are records but none is readable (each
    ///   unreadable one is then kept aside).
    func load() throws(StateStoreError) -> StateRecord?
    /// The first half of a save: numbers `state` and the run history's `ledger` as the next
    /// record and writes it to the copy that costs no flush to disk (the runtime copy), so a
    /// process that crashes from here on restarts with it. Cheap enough to come before the
    /// step's telemetry.
    func stage(_ state: SavedState, ledger: RunLedger?) -> StagedRecord
    /// The second half: writes the staged record to the durable copy (one `fdatasync`).
    /// - Throws: ``StateSaveError`` naming each copy, of both halves, that could not be written
    ///   (the others were).
    func commit(_ staged: StagedRecord) throws(StateSaveError)
    /// Keeps every saved copy aside because the record loaded from it cannot be used, so the
    /// next start does not meet it again.
    /// - Throws: ``StateStoreError`` when a copy could not be moved.
    func setAside(because reason: String) throws(StateStoreError)
}

extension StateStore {
    /// Saves `state` and `ledger` as the next record, in every copy the store keeps:
    /// ``stage(_:ledger:)`` then ``commit(_:)`` with nothing in between.
    /// - Throws: ``StateSaveError`` naming each copy that could not be written (the others were).
    public func save(_ state: SavedState, ledger: RunLedger? = nil) throws(StateSaveError) {
        try commit(stage(state, ledger: ledger))
    }
}

/// A record on its way to the store: encoded, written to the quick copies, not yet to the
/// durable one (see ``StateStore/stage(_:ledger:)``).
public struct StagedRecord: Sendable {
    /// The record as the store writes it.
    public let bytes: [UInt8]
    /// Its sequence number.
    public let sequence: UInt64
    /// The quick copies that could not be written, with the failed call, path and `errno` text.
    public let failures: [StateCopy: String]
    /// The quick copies that hold the record.
    public let savedIn: Set<StateCopy>

    public init(bytes: [UInt8], sequence: UInt64, failures: [StateCopy: String] = [:], savedIn: Set<StateCopy> = []) {
        self.bytes = bytes
        self.sequence = sequence
        self.failures = failures
        self.savedIn = savedIn
    }
}

/// Why saved records could not be loaded or kept aside.
public struct StateStoreError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// One of the places a record is written to.
public enum StateCopy: String, Sendable, Hashable, CaseIterable {
    /// The two alternating slot files beside `STATE_FILE` (durable, `fdatasync`ed).
    case primary
    /// The copy in the runtime directory (`/run/firepump`: survives a process crash, not a reboot).
    case runtime
}

/// A save that did not reach every copy: which copies failed and why, and which have the record.
public struct StateSaveError: Error, Sendable, CustomStringConvertible {
    /// Each copy that was not written, with the failed call, path and `errno` text.
    public var failures: [StateCopy: String]
    /// The copies that hold the new record.
    public var savedIn: Set<StateCopy>

    public init(failures: [StateCopy: String], savedIn: Set<StateCopy>) {
        self.failures = failures
        self.savedIn = savedIn
    }

    public var description: String {
        let failed = StateCopy.allCases.compactMap { copy in failures[copy].map { "\(copy.rawValue) copy not written (\($0))" } }
        let saved = StateCopy.allCases.filter(savedIn.contains).map(\.rawValue)
        return failed.joined(separator: "; ") + (saved.isEmpty ? "; the state is saved nowhere" : "; saved in the \(saved.joined(separator: " and ")) copy only")
    }
}

/// A store in memory holding one record's bytes, so a simulated restart goes through the same
/// encoding as the file. `MemoryStateStore(bytes:).load()` decodes one state record's bytes.
public final class MemoryStateStore: StateStore {
    /// The last saved bytes.
    public private(set) var bytes: [UInt8]?
    /// The boot id written into records.
    public let bootID: String?
    private var sequence: UInt64 = 0

    public init(bytes: [UInt8]? = nil, bootID: String? = nil) {
        self.bytes = bytes
        self.bootID = bootID
    }

    public func load() throws(StateStoreError) -> StateRecord? {
        guard let bytes else { return nil }
        do {
            let record = try SavedStateCodec.decode(bytes)
            sequence = max(sequence, record.sequence)
            return record
        } catch {
            throw StateStoreError("not a firepump state record: \(error)")
        }
    }

    public func stage(_ state: SavedState, ledger: RunLedger?) -> StagedRecord {
        sequence += 1
        return StagedRecord(bytes: SavedStateCodec.encode(StateRecord(sequence: sequence, bootID: bootID, state: state, ledger: ledger)), sequence: sequence)
    }

    public func commit(_ staged: StagedRecord) {
        bytes = staged.bytes
    }

    public func setAside(because reason: String) {
        bytes = nil
    }
}
