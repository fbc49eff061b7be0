import FirepumpCore
import FirepumpRuntime
import Foundation
import Testing

@Suite("The state file")
final class FileStateStoreTests {
    let directory: URL = FileManager.default.temporaryDirectory.appendingPathComponent("firepump-store-\(UUID().uuidString)")
    var path: String { directory.appendingPathComponent("state.json").path }
    var runtime: String { directory.appendingPathComponent("run").path }

    init() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    func store(runtime: Bool = true) -> FileStateStore {
        FileStateStore(path: path, runtimeDirectory: runtime ? self.runtime : nil, bootID: "boot-1")
    }

    /// A REFILLING state saved at wall time `at`.
    static func saved(run: Int = 3, at wall: Double = 1_800_000_000) -> SavedState {
        var state = PumpState()
        state.phase = .refilling
        state.run = run
        state.lastRunDuration = 100
        state.deadlines[.phaseEnd] = Deadline(at: Instant(seconds: 123.5), run: run)
        return SavedState(state, clock: ClockReading(monotonic: .zero, wall: WallInstant(secondsSinceEpoch: wall)))
    }

    func files(withPrefix prefix: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix(prefix) }
    }

    func mode(_ file: String) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test("saves atomically and loads back the same state")
    func roundTrip() throws {
        let store = store()
        #expect(try store.load() == nil, "no file: nothing saved")
        let state = Self.saved()
        try store.save(state)
        #expect(try store.load()?.state == state)
        #expect(!FileManager.default.fileExists(atPath: path + ".tmp"), "no temporary file is left behind")
    }

    @Test("a corrupt file is kept aside, never deleted, and reported")
    func corruptKeptAside() throws {
        try Data("{not json".utf8).write(to: URL(fileURLWithPath: path))
        let store = store()
        #expect(throws: StateStoreError.self) { try store.load() }
        let kept = try files(withPrefix: "state.json.corrupt-")
        #expect(kept.count == 1)
        #expect(try Data(contentsOf: directory.appendingPathComponent(kept[0])) == Data("{not json".utf8))
        #expect(try store.load() == nil, "after setting it aside, the next start begins fresh")
    }

    @Test("a state file of another version is refused")
    func wrongVersion() throws {
        try Data(#"{"version":99,"state":{}}"#.utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: StateStoreError.self) { try FileStateStore(path: path, runtimeDirectory: nil, bootID: nil).load() }
    }

    @Test("records alternate between the two slots with growing sequence, boot id and save time")
    func alternatingSlots() throws {
        let store = store(runtime: false)
        try store.save(Self.saved(run: 1, at: 1_800_000_001))
        try store.save(Self.saved(run: 2, at: 1_800_000_002))
        let slot0 = try SavedStateCodec.decode(Array(Data(contentsOf: URL(fileURLWithPath: path + ".0"))))
        let slot1 = try SavedStateCodec.decode(Array(Data(contentsOf: URL(fileURLWithPath: path + ".1"))))
        #expect(slot1.sequence == 1 && slot1.state.run == 1)
        #expect(slot0.sequence == 2 && slot0.state.run == 2)
        let loaded = try #require(try FileStateStore(path: path, runtimeDirectory: nil, bootID: "boot-2").load())
        #expect(loaded.sequence == 2 && loaded.bootID == "boot-1" && loaded.state.savedAt.secondsSinceEpoch == 1_800_000_002)
    }

    @Test("a torn slot is ignored and the other slot's record used")
    func tornSlot() throws {
        let store = store(runtime: false)
        try store.save(Self.saved(run: 1))
        try store.save(Self.saved(run: 2))
        // Record 3 goes to slot 1; the write is torn half-way (power cut).
        let full = SavedStateCodec.encode(StateRecord(sequence: 3, bootID: "boot-1", state: Self.saved(run: 3)))
        try Data(full.prefix(full.count / 2)).write(to: URL(fileURLWithPath: path + ".1"))
        let loaded = try FileStateStore(path: path, runtimeDirectory: nil, bootID: nil).load()
        #expect(loaded?.sequence == 2 && loaded?.state.run == 2)
    }

    @Test("a slot with a bad checksum is ignored and the other slot's record used")
    func badChecksum() throws {
        let store = store(runtime: false)
        try store.save(Self.saved(run: 1))
        try store.save(Self.saved(run: 2))
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path + ".0")))
        let index = try #require(bytes.firstIndex(of: UInt8(ascii: "2")))
        bytes[index] = UInt8(ascii: "9")  // sequence 2 → 9, checksum left as it was
        try Data(bytes).write(to: URL(fileURLWithPath: path + ".0"))
        let loaded = try FileStateStore(path: path, runtimeDirectory: nil, bootID: nil).load()
        #expect(loaded?.sequence == 1 && loaded?.state.run == 1)
    }

    @Test("a newer runtime copy wins over an older primary")
    func newerRuntimeCopyWins() throws {
        let store = store()
        try store.save(Self.saved(run: 1))
        let newer = SavedStateCodec.encode(StateRecord(sequence: 7, bootID: "boot-1", state: Self.saved(run: 7)))
        try Data(newer).write(to: URL(fileURLWithPath: runtime + "/state.json"))
        #expect(try store.load()?.state.run == 7)
        try store.save(Self.saved(run: 8))
        #expect(try FileStateStore(path: path, runtimeDirectory: nil, bootID: nil).load()?.sequence == 8, "the sequence goes on from the newest copy")
    }

    @Test("primary unwritable (a directory where the slots go): the save lands in the runtime copy and the error says so")
    func primaryUnwritable() throws {
        for slot in [".0", ".1"] { try FileManager.default.createDirectory(atPath: path + slot, withIntermediateDirectories: false) }
        let store = store()
        #expect(store.primaryWriteProblems().count == 2)
        let error = try #require(throws: StateSaveError.self) { try store.save(Self.saved(run: 4)) }
        #expect(error.failures.keys.sorted { $0.rawValue < $1.rawValue } == [.primary])
        #expect(error.savedIn == [.runtime])
        #expect(error.description.contains("primary copy not written (open \(path).1: Is a directory)"), "\(error)")
        #expect(error.description.contains("saved in the runtime copy only"), "\(error)")
        #expect(try FileStateStore(path: path, runtimeDirectory: runtime, bootID: nil).load()?.state.run == 4)
        // Fixed: the next save reaches the slots again.
        for slot in [".0", ".1"] { try FileManager.default.removeItem(atPath: path + slot) }
        try store.save(Self.saved(run: 5))
        #expect(try FileStateStore(path: path, runtimeDirectory: nil, bootID: nil).load()?.state.run == 5)
    }

    @Test("every copy fails: the error says the state is saved nowhere")
    func everyCopyFails() throws {
        for slot in [".0", ".1"] { try FileManager.default.createDirectory(atPath: path + slot, withIntermediateDirectories: false) }
        try Data().write(to: URL(fileURLWithPath: runtime))  // a file where the runtime directory goes
        let error = try #require(throws: StateSaveError.self) { try store().save(Self.saved()) }
        #expect(error.savedIn.isEmpty && error.failures.count == 2)
        #expect(error.description.contains("saved nowhere"))
    }

    @Test("files are mode 0600, and an existing 0644 slot is fixed on rewrite")
    func modes() throws {
        let store = store()
        try store.save(Self.saved(run: 1))
        try store.save(Self.saved(run: 2))
        #expect(try mode(path + ".0") == 0o600 && mode(path + ".1") == 0o600 && mode(runtime + "/state.json") == 0o600)
        chmod(path + ".1", 0o644)
        try store.save(Self.saved(run: 3))
        #expect(try mode(path + ".1") == 0o600)
    }

    @Test("a slot deleted while the store keeps it open is made again by the next save into it")
    func deletedSlotRecreated() throws {
        let store = store(runtime: false)
        try store.save(Self.saved(run: 1))
        try store.save(Self.saved(run: 2))
        for slot in [".0", ".1"] { try FileManager.default.removeItem(atPath: path + slot) }
        try store.save(Self.saved(run: 3))
        try store.save(Self.saved(run: 4))
        #expect(try FileStateStore(path: path, runtimeDirectory: nil, bootID: nil).load()?.state.run == 4)
        #expect(try mode(path + ".0") == 0o600 && mode(path + ".1") == 0o600)
    }

    @Test("a shorter record rewritten into a longer one leaves no old bytes behind")
    func shorterRecordTruncates() throws {
        let store = store(runtime: false)
        var long = Self.saved(run: 1_000_000, at: 1_800_000_000.123456)
        long.totalRuntime = 123_456.789
        try store.save(long)
        try store.save(long)
        let longSize = try FileManager.default.attributesOfItem(atPath: path + ".1")[.size] as? Int
        try store.save(Self.saved(run: 1))
        let shortSize = try FileManager.default.attributesOfItem(atPath: path + ".1")[.size] as? Int
        #expect(try #require(shortSize) < #require(longSize))
        #expect(try FileStateStore(path: path, runtimeDirectory: nil, bootID: nil).load()?.state.run == 1)
    }

    @Test("a version 1 state file is read, then removed once a slot holds a newer record")
    func legacyFile() throws {
        let legacy = #"{"state":{"crankAttempts":0,"cranking":false,"deadlines":{},"lastRunDuration":0,"outputs":{"ignitionOff":false,"ignitionOn":false,"ignitionStart":false,"mainValve":false,"primingValve":false,"refillValve":false,"rpmReduce":false},"pendingLatch":{"lockout":{}},"phase":"LOCKOUT","pressureWatched":false,"run":2,"totalRuntime":12.5},"version":1}"#
        try Data(legacy.utf8).write(to: URL(fileURLWithPath: path))
        let store = store(runtime: false)
        let record = try #require(try store.load())
        #expect(record.sequence == 0 && record.bootID == nil)
        #expect(record.state.phase == .lockout && record.state.pendingLatch == .lockout && record.state.totalRuntime == 12.5)
        try store.save(record.state)
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(try store.load()?.state.phase == .lockout)
    }

    @Test("an invalid record is set aside in every copy")
    func setAside() throws {
        let store = store()
        try store.save(Self.saved(run: 1))
        try store.save(Self.saved(run: 2))
        try store.setAside(because: "test")
        #expect(try files(withPrefix: "state.json.0.invalid-").count == 1)
        #expect(try files(withPrefix: "state.json.1.invalid-").count == 1)
        #expect(try store.load() == nil)
    }
}

/// The fuzz target `state` starts from these seeds: they must be records the daemon reads, or the
/// fuzzer would spend its time on inputs rejected at the first byte.
@Suite("Fuzz seeds for the state file")
struct StateFuzzSeedTests {
    @Test("every seed in Fuzz/corpus/state is a readable record", arguments: ["idle.json", "stopping.json", "running.json", "running-with-ledger.json"])
    func seedDecodes(_ name: String) throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let bytes = try [UInt8](Data(contentsOf: repository.appendingPathComponent("Fuzz/corpus/state/\(name)")))
        let record = try #require(try MemoryStateStore(bytes: bytes).load())
        #expect(record.sequence > 0)
        #expect(record.bootID != nil)
    }
}
