import FirepumpCore
import Glibc

/// The run history on disk:
///
/// - `HISTORY_FILE`: one line per finished run (``HistoryCodec``), appended with one `fdatasync`.
///   Before the first append a torn last line (a crash mid-write) is cut off. When an append
///   would take the file past ``rotationBytes`` the file becomes `<HISTORY_FILE>.1` (replacing
///   the one before) and a new file begins: at most two files, about 2 × ``rotationBytes``.
/// - `<HISTORY_FILE>.ledger.0` and `.ledger.1`: where firepump kept the ledger (counters, run in
///   progress, last run) before the state record carried it. Only read, never written: at the
///   first start after an upgrade, and by `firepump history` until the state holds a ledger.
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

    public init(path: String, rotationBytes: Int = FileHistoryStore.defaultRotationBytes) {
        self.path = path
        self.rotationBytes = rotationBytes
    }

    /// The rotated-out older file.
    public var oldPath: String { "\(path).1" }
    /// The two ledger files of firepump before the state record carried the ledger.
    public var legacyLedgerPaths: [String] { ["\(path).ledger.0", "\(path).ledger.1"] }

    /// The newest readable of the two ledger files (the one with the higher sequence), changing
    /// nothing on disk.
    public func legacyLedger() throws(HistoryStoreError) -> RunLedger? {
        var best: (sequence: UInt64, ledger: RunLedger)?
        var problems: [String] = []
        for file in legacyLedgerPaths {
            do {
                guard let bytes = try StateFileIO.read(file, limit: HistoryCodec.maxRecordBytes), !bytes.isEmpty else { continue }
                let found = try HistoryCodec.decodeLedgerFile(bytes)
                if best.map({ found.sequence > $0.sequence }) ?? true { best = found }
            } catch {
                problems.append("\(file) is unreadable (\(error))")
            }
        }
        if let best { return best.ledger }
        guard problems.isEmpty else { throw HistoryStoreError(problems.joined(separator: "; ")) }
        return nil
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

    /// Cuts a torn last line off the file (it is also in the saved ledger's last run, from which
    /// it is appended again); returns the file's size after.
    private func cutTornLine() throws(StateFileIO.Failure) -> Int {
        guard let bytes = try StateFileIO.read(path, limit: Self.readLimit) else { return 0 }
        let reading = HistoryCodec.read(bytes)
        if reading.tornBytes > 0 {
            guard truncate(path, off_t(reading.completeLength)) == 0 else { throw StateFileIO.Failure("truncate", path) }
        }
        return reading.completeLength
    }
}
