import FirepumpCore
import Glibc

/// The state on disk, in three copies of one record format (``SavedStateCodec``):
///
/// - two alternating slot files beside `STATE_FILE`, `<STATE_FILE>.0` and `<STATE_FILE>.1`:
///   record *n* goes to slot *n* mod 2, rewritten in place with one `fdatasync` (a torn write spoils
///   only that slot; the other keeps the record before it). Each copy's file stays open between
///   saves (``InPlaceFile``);
/// - `<runtime directory>/<STATE_FILE's name>` (`/run/firepump/state.json`): rewritten in place,
///   no `fsync` (tmpfs). It survives a process crash, not a reboot, and keeps a stop or latch when
///   the primary copy cannot be written (issue 12 item 1). A process killed mid-write tears it;
///   the slot written at the end of the step before still holds the record before.
///
/// A save writes the runtime copy first (``stage(_:)``, before the step's telemetry) and the slot
/// after it (``commit(_:)``), so the `fdatasync` delays no event.
///
/// At load the record with the highest sequence and a good checksum wins. A version 1 file at
/// `STATE_FILE` itself is read as sequence 0 and removed once a slot holds a newer record. Every
/// file is mode 0600, also after a rewrite. Unreadable copies are renamed aside
/// (`<file>.corrupt-<epoch>`) only when no copy is readable; never silently deleted.
public final class FileStateStore: StateStore {
    /// `STATE_FILE` as configured.
    public let path: String
    /// Where the runtime copy goes; `nil` for none.
    public let runtimeDirectory: String?
    /// Written into every record (read from `/proc` by the caller).
    public let bootID: String?
    /// The last sequence read or written; `nil` until the copies have been looked at.
    private var sequence: UInt64?
    private var legacyPresent = false
    /// Whether the runtime directory is known to exist (made or found by the last save).
    private var runtimeDirectoryMade = false
    /// The two slot files, then the runtime copy's, each kept open between saves.
    private let slotFiles: [InPlaceFile]
    private let runtimeFile: InPlaceFile?

    /// - Parameters:
    ///   - path: `STATE_FILE`.
    ///   - runtimeDirectory: `$RUNTIME_DIRECTORY` under systemd (see ``defaultRuntimeDirectory()``).
    ///   - bootID: the kernel's boot id (see ``currentBootID()``).
    public init(path: String, runtimeDirectory: String?, bootID: String?) {
        self.path = path
        self.runtimeDirectory = runtimeDirectory
        self.bootID = bootID
        slotFiles = ["\(path).0", "\(path).1"].map(InPlaceFile.init(path:))
        runtimeFile = runtimeDirectory.map { InPlaceFile(path: "\($0)/\(path.split(separator: "/").last.map(String.init) ?? "state.json")") }
    }

    /// The two slot files of the primary copy.
    public var slotPaths: [String] { slotFiles.map(\.path) }

    /// The runtime copy's file.
    public var runtimePath: String? { runtimeFile?.path }

    public func load() throws(StateStoreError) -> StateRecord? {
        let found = scan()
        if let best = found.best { return best }
        guard !found.unreadable.isEmpty || !found.undecodable.isEmpty else { return nil }
        for file in slotFiles + (runtimeFile.map { [$0] } ?? []) { file.close() }  // about to be moved aside
        let problems = found.unreadable.map { "\($0.reason)" } + found.undecodable.map { copy in
            let aside = (try? StateFileIO.moveAside(copy.path, label: "corrupt")).flatMap { $0 }
            return "\(copy.path) is unreadable (\(copy.reason)); " + (aside.map { "kept aside as \($0)" } ?? "could not move it aside")
        }
        throw StateStoreError(problems.joined(separator: "; "))
    }

    /// The newest saved record with a good checksum, changing nothing on disk (for
    /// `firepump history`); `nil` when nothing was saved.
    /// - Throws: ``StateStoreError`` when there are records but none is readable.
    public func read() throws(StateStoreError) -> StateRecord? {
        let found = scan()
        if let best = found.best { return best }
        let problems = found.unreadable.map(\.reason) + found.undecodable.map { "\($0.path) is unreadable (\($0.reason))" }
        guard problems.isEmpty else { throw StateStoreError(problems.joined(separator: "; ")) }
        return nil
    }

    /// Reads every copy: the newest decodable record, and what could not be read (left in
    /// place) or decoded. Notes the highest sequence seen, so the next save goes on from it.
    private func scan() -> (best: StateRecord?, unreadable: [(path: String, reason: String)], undecodable: [(path: String, reason: String)]) {
        var best: StateRecord?
        var unreadable: [(path: String, reason: String)] = []
        var undecodable: [(path: String, reason: String)] = []
        for copy in slotPaths + (runtimePath.map { [$0] } ?? []) + [path] {
            let legacy = copy == path
            let bytes: [UInt8]
            do {
                guard let read = try StateFileIO.read(copy), !read.isEmpty else { continue }
                bytes = read
            } catch {
                unreadable.append((copy, error.description))
                continue
            }
            do {
                let record = try SavedStateCodec.decode(bytes, legacySavedAt: legacy ? WallInstant(secondsSinceEpoch: Double(time(nil))) : nil)
                if legacy { legacyPresent = true }
                sequence = max(sequence ?? 0, record.sequence)
                if best.map({ record.sequence > $0.sequence }) ?? true { best = record }
            } catch {
                undecodable.append((copy, error.description))
            }
        }
        if sequence == nil { sequence = 0 }
        return (best, unreadable, undecodable)
    }

    /// Writes the runtime copy (tmpfs: no `fsync`).
    public func stage(_ state: SavedState, ledger: RunLedger?) -> StagedRecord {
        if sequence == nil { _ = scan() }
        let next = (sequence ?? 0) + 1
        sequence = next
        let bytes = SavedStateCodec.encode(StateRecord(sequence: next, bootID: bootID, state: state, ledger: ledger))
        guard let runtimeDirectory, let runtimeFile else { return StagedRecord(bytes: bytes, sequence: next) }
        do {
            if !runtimeDirectoryMade { try StateFileIO.makeDirectory(runtimeDirectory) }
            runtimeDirectoryMade = true
            try runtimeFile.rewrite(bytes, durable: false)
            return StagedRecord(bytes: bytes, sequence: next, savedIn: [.runtime])
        } catch {
            runtimeDirectoryMade = false
            return StagedRecord(bytes: bytes, sequence: next, failures: [.runtime: error.description])
        }
    }

    /// Writes slot *sequence* mod 2 in place with one `fdatasync`.
    public func commit(_ staged: StagedRecord) throws(StateSaveError) {
        var failures = staged.failures
        var savedIn = staged.savedIn
        do {
            try slotFiles[Int(staged.sequence % 2)].rewrite(staged.bytes, durable: true)
            savedIn.insert(.primary)
            if legacyPresent, unlink(path) == 0 || errno == ENOENT { legacyPresent = false }
        } catch {
            failures[.primary] = error.description
        }
        guard failures.isEmpty else { throw StateSaveError(failures: failures, savedIn: savedIn) }
    }

    public func setAside(because reason: String) throws(StateStoreError) {
        for file in slotFiles + (runtimeFile.map { [$0] } ?? []) { file.close() }  // about to be moved aside
        var problems: [String] = []
        for copy in slotPaths + (runtimePath.map { [$0] } ?? []) + [path] {
            do {
                _ = try StateFileIO.moveAside(copy, label: "invalid")
            } catch {
                problems.append(error.description)
            }
        }
        legacyPresent = false
        guard problems.isEmpty else { throw StateStoreError("cannot set the state aside (\(reason)): " + problems.joined(separator: "; ")) }
    }

    /// Whether both slot files can be written: opens (creating when missing, mode 0600) each one
    /// for writing without changing its content, and keeps it open for the saves. The daemon
    /// calls it at start and logs each failure loudly: until it is fixed, saves land in the
    /// runtime copy only.
    /// - Returns: the failed call, path and `errno` text for each slot that cannot be written.
    public func primaryWriteProblems() -> [String] {
        var created = false
        let problems = slotFiles.compactMap { slot -> String? in
            do throws(StateFileIO.Failure) {
                if try slot.openForWriting() { created = true }
                return nil
            } catch {
                return error.description
            }
        }
        if created { StateFileIO.syncDirectory(of: path) }
        return problems
    }

    /// `$RUNTIME_DIRECTORY` (its first entry) as systemd sets it for `RuntimeDirectory=firepump`,
    /// else `/run/firepump`.
    public static func defaultRuntimeDirectory() -> String {
        guard let value = getenv("RUNTIME_DIRECTORY"), let first = String(cString: value).split(separator: ":").first else {
            return "/run/firepump"
        }
        return String(first)
    }

    /// The kernel's boot id, which changes with every boot; `nil` when it cannot be read.
    public static func currentBootID() -> String? {
        guard let bytes = try? StateFileIO.read("/proc/sys/kernel/random/boot_id", limit: 64), !bytes.isEmpty else { return nil }
        let text = String(decoding: bytes, as: UTF8.self).split(separator: "\n").first.map(String.init)
        return text?.isEmpty == false ? text : nil
    }
}
