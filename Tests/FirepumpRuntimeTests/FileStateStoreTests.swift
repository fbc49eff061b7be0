import FirepumpCore
import FirepumpRuntime
import Foundation
import Testing

@Suite("The state file")
final class FileStateStoreTests {
    let directory: URL = FileManager.default.temporaryDirectory.appendingPathComponent("firepump-store-\(UUID().uuidString)")

    init() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    @Test("saves atomically and loads back the same state")
    func roundTrip() throws {
        let path = directory.appendingPathComponent("state.json").path
        let store = FileStateStore(path: path)
        #expect(try store.load() == nil, "no file: nothing saved")
        var state = PumpState()
        state.phase = .refilling
        state.run = 3
        state.deadlines.phaseEnd = Deadline(at: Instant(seconds: 1_800_000_123.5), run: 3)
        try store.save(state)
        #expect(try store.load() == state)
        #expect(!FileManager.default.fileExists(atPath: path + ".tmp"), "the temporary file was renamed into place")
    }

    @Test("a corrupt file is kept aside, never deleted, and reported")
    func corruptKeptAside() throws {
        let path = directory.appendingPathComponent("state.json").path
        try Data("{not json".utf8).write(to: URL(fileURLWithPath: path))
        let store = FileStateStore(path: path)
        #expect(throws: StateStoreError.self) { try store.load() }
        let kept = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix("state.json.corrupt-") }
        #expect(kept.count == 1)
        #expect(try Data(contentsOf: directory.appendingPathComponent(kept[0])) == Data("{not json".utf8))
        #expect(try store.load() == nil, "after setting it aside, the next start begins fresh")
    }

    @Test("a state file of another version is refused")
    func wrongVersion() throws {
        let path = directory.appendingPathComponent("state.json").path
        try Data(#"{"version":99,"state":{}}"#.utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: StateStoreError.self) { try FileStateStore(path: path).load() }
    }
}
