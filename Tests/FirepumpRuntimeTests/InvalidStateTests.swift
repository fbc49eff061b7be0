import FirepumpCore
import FirepumpHAL
import FirepumpRuntime
import Foundation
import Testing

/// Issue 12 item 5: a saved state the machine could not have written is set aside, and the
/// controller starts in IDLE with every output safe, without trapping.
@Suite("Invalid saved states")
struct InvalidStateTests {
    /// The record a run saves 100 s after its trigger, changed by `change`.
    static func runningRecord(_ change: (inout SavedState) -> Void) throws -> [UInt8] {
        let first = try RestartTests.runUntilCrash(at: 100)
        var record = try #require(try first.store.load())
        change(&record.state)
        return SavedStateCodec.encode(record)
    }

    /// Starts a controller on `store` and checks it is in IDLE with every output low.
    static func expectIdleAndSafe(_ store: any StateStore, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let bench = try Bench(store: store)
        try bench.controller.start(at: .zero) { _, _ in }
        #expect(bench.controller.machine.state.phase == .idle, sourceLocation: sourceLocation)
        for line in [18, 22, 23, 24, 25, 26, 27] {
            #expect(bench.level(line) == .low, "line \(line)", sourceLocation: sourceLocation)
        }
        bench.controller.handle(.trigger, at: Instant(seconds: 1))
        #expect(bench.controller.machine.state.phase == .priming, "a trigger still works", sourceLocation: sourceLocation)
    }

    @Test("RUNNING with max runtime at 1e300")
    func maxRuntimeHuge() throws {
        try Self.expectIdleAndSafe(MemoryStateStore(bytes: try Self.runningRecord {
            $0.deadlines[.maxRuntime]?.at = WallInstant(secondsSinceEpoch: 1e300)
        }))
    }

    @Test("RUNNING with no deadlines")
    func noDeadlines() throws {
        try Self.expectIdleAndSafe(MemoryStateStore(bytes: try Self.runningRecord { $0.deadlines = CaseTable(repeating: nil) }))
    }

    @Test("a huge crankAttempts")
    func hugeCrankAttempts() throws {
        try Self.expectIdleAndSafe(MemoryStateStore(bytes: try Self.runningRecord { $0.crankAttempts = 1 << 60 }))
    }

    @Test("\"run\": 9223372036854775807")
    func runAtIntMax() throws {
        let bytes = try Self.runningRecord { _ in }
        let line = String(decoding: bytes.prefix(while: { $0 != UInt8(ascii: "\n") }), as: UTF8.self)
        let edited = line.replacingOccurrences(of: #""run":1,"outputs""#, with: #""run":9223372036854775807,"outputs""#)
        #expect(edited != line)
        try Self.expectIdleAndSafe(MemoryStateStore(bytes: SavedStateCodec.sealed(Array(edited.utf8))))
    }

    @Test("an invalid state file is renamed <file>.invalid-<epoch> in every copy")
    func fileSetAside() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("firepump-invalid-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("state.json").path
        let bytes = try Self.runningRecord { $0.deadlines = CaseTable(repeating: nil) }
        try Data(bytes).write(to: URL(fileURLWithPath: path + ".1"))
        try Self.expectIdleAndSafe(FileStateStore(path: path, runtimeDirectory: directory.path + "/run", bootID: nil))
        let aside = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix("state.json.1.invalid-") }
        #expect(aside.count == 1)
        #expect(try Data(contentsOf: directory.appendingPathComponent(aside[0])) == Data(bytes))
    }
}
