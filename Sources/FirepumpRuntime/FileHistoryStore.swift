import FirepumpCore
import Glibc

/// The run history on disk:
///
/// - `HISTORY_FILE`: one line per finished run (``HistoryCodec``), appended with one `fdatasync`.
///   Before the first append a torn last line (a crash mid-write) is cut off. When an append
///   would take the file past ``rotationBytes`` the file becomes `<HISTORY_FILE>.1` (replacing
///   the one before) and a new file begins: at most two files, about 2 × ``rotationBytes``.
/// - `<HISTORY_FILE>.ledger.0` and `.ledger.1`: the counters, the run in progress and the last
///   run, record *n* in slot *n* mod 2, rewritten in place with one `fdatasync`, as the state file's
///   slots are. Rotation never touches them, so no counter is lost with old records.
public final class FileHistoryStore: HistoryStore {
    /// The default size at which the history file is rotated: about 1,000 runs per file (a line is about 230 bytes).
    public static let defaultRotationBytes = 262_144

    /// Files larger than this are not read whole (a history file stays near ``rotationBytes``).
    static let readLimit = 16 << 20

    /// `HISTORY_FILE`.
    public let path: String
    /// The size past which the file is rotated.
    public let rotationBytes: Int
    /// The file's size as last seen; `nil` until it has been checked for a torn last line.
    private var size: Int?
    private var sequence: UInt64 = 0
    /// The ledger's slot files, kept open between saves.
    private let ledgerFiles: [InPlaceFile]

    public init(path: String, rotationBytes: Int = FileHistoryStore.defaultRotationBytes) {
        self.path = path
        self.rotationBytes = rotationBytes
        ledgerFiles = ["\(path).ledger.0", "\(path).ledger.1"].map(InPlaceFile.init(path:))
    }

    /// The rotated-out older file.
    public var oldPath: String { "\(path).1" }
    /// The ledger's two slot files.
    public var ledgerPaths: [String] { ledgerFiles.map(\.path) }

    public func loadLedger() throws(HistoryStoreError) -> RunLedger? {
        let found = scanLedger()
        if let best = found.best {
            sequence = best.sequence
            return best.ledger
        }
        guard !found.problems.isEmpty else { return nil }
        for file in ledgerFiles { file.close() }  // about to be moved aside
        let described = found.problems.map { problem in
            let aside = (try? StateFileIO.moveAside(problem.path, label: "corrupt")).flatMap { $0 }
            return "\(problem.path) is unreadable (\(problem.reason)); " + (aside.map { "kept aside as \($0)" } ?? "left in place")
        }
        throw HistoryStoreError(described.joined(separator: "; "))
    }

    /// The newest readable ledger, changing nothing on disk (for `firepump history`).
    /// - Throws: ``HistoryStoreError`` when ledgers exist but none is readable.
    public func readLedger() throws(HistoryStoreError) -> RunLedger? {
        let found = scanLedger()
        if let best = found.best { return best.ledger }
        guard found.problems.isEmpty else {
            throw HistoryStoreError(found.problems.map { "\($0.path) is unreadable (\($0.reason))" }.joined(separator: "; "))
        }
        return nil
    }

    private func scanLedger() -> (best: (sequence: UInt64, ledger: RunLedger)?, problems: [(path: String, reason: String)]) {
        var best: (sequence: UInt64, ledger: RunLedger)?
        var problems: [(path: String, reason: String)] = []
        for slot in ledgerPaths {
            do {
                guard let bytes = try StateFileIO.read(slot, limit: HistoryCodec.maxRecordBytes), !bytes.isEmpty else { continue }
                let found = try HistoryCodec.decodeLedger(bytes)
                if best.map({ found.sequence > $0.sequence }) ?? true { best = found }
            } catch {
                problems.append((slot, "\(error)"))
            }
        }
        return (best, problems)
    }

    public func saveLedger(_ ledger: RunLedger) throws(HistoryStoreError) {
        let next = sequence + 1
        do {
            try ledgerFiles[Int(next % 2)].rewrite(HistoryCodec.encodeLedger(ledger, sequence: next), durable: true)
        } catch {
            throw HistoryStoreError(error.description)
        }
        sequence = next
    }

    public func append(_ record: RunRecord) throws(HistoryStoreError) {
        let line = HistoryCodec.line(record)
        do throws(StateFileIO.Failure) {
            var size: Int
            if let known = self.size { size = known } else { size = try cutTornLine() }
            if size > 0, size + line.count > rotationBytes {
                guard rename(path, oldPath) == 0 else { throw StateFileIO.Failure("rename", path) }
                StateFileIO.syncDirectory(of: path)
                size = 0
            }
            // Unknown until the write succeeds: a failed write may leave a torn line to cut.
            self.size = nil
            try StateFileIO.append(path, line)
            self.size = size + line.count
        } catch {
            throw HistoryStoreError(error.description)
        }
    }

    public func read() throws(HistoryStoreError) -> HistoryCodec.Reading {
        var reading = HistoryCodec.Reading()
        for file in [oldPath, path] {
            let bytes: [UInt8]
            do {
                guard let read = try StateFileIO.read(file, limit: Self.readLimit) else { continue }
                bytes = read
            } catch {
                throw HistoryStoreError(error.description)
            }
            let part = HistoryCodec.read(bytes)
            reading.records += part.records
            reading.skipped += part.skipped.map { "\(file) \($0)" }
            reading.tornBytes = part.tornBytes
            reading.completeLength = part.completeLength
        }
        return reading
    }

    /// Cuts a torn last line off the file (it is also in the ledger's last run, from which it is
    /// appended again); returns the file's size after.
    private func cutTornLine() throws(StateFileIO.Failure) -> Int {
        guard let bytes = try StateFileIO.read(path, limit: Self.readLimit) else { return 0 }
        let reading = HistoryCodec.read(bytes)
        if reading.tornBytes > 0 {
            guard truncate(path, off_t(reading.completeLength)) == 0 else { throw StateFileIO.Failure("truncate", path) }
        }
        return reading.completeLength
    }
}
