import FirepumpCore
import FirepumpHAL
import FirepumpRuntime
import Testing

/// The controller's part of the history and the trouble summary: retained `trouble` and
/// `last_run` topics, history writes that fail without touching the run, a restart mid-run.
@Suite("Run history and trouble topics in the controller")
struct HistoryControllerTests {
    static let troubleTopic = "system/trigger_telemetry/test-host/trouble"
    static let lastRunTopic = "system/trigger_telemetry/test-host/last_run"
    static let settings = ["FIRE_OFF_DELAY": "600"]

    static func retained(_ bench: Bench, _ topic: String) -> [JSONValue] {
        bench.transport.publishes.filter { $0.topic == topic }.map { publish in
            #expect(publish.retain, "\(topic) is retained")
            return publish.payload
        }
    }

    @Test("on connect the trouble topic is published (empty when all is well); it follows every change of the set")
    func troubleTopic() throws {
        let bench = try Bench()
        try bench.controller.start(at: .zero) { _, _ in }
        bench.controller.connected(at: .zero)
        #expect(Self.retained(bench, Self.troubleTopic).map { $0["troubles"] } == [.array([])])
        #expect(Self.retained(bench, Self.troubleTopic).first?["host"] == "test-host")
        bench.pins.failWrites(line: 22, errno: 5)
        bench.advance(to: 3)
        bench.controller.handle(.trigger, at: Instant(seconds: 3))
        let raised = try #require(Self.retained(bench, Self.troubleTopic).last)
        let expectedSince = iso8601(epochSeconds: bench.wallAtZero + 3)
        #expect(raised["troubles"] == .array([.object([
            .init("trouble", "output_write_failing"), .init("subject", "refill_valve"), .init("since", .string(expectedSince)),
        ])]))
        bench.pins.failWrites(line: 22, errno: nil)
        bench.advance(to: 5)
        #expect(Self.retained(bench, Self.troubleTopic).last?["troubles"] == .array([]))
        #expect(Self.retained(bench, Self.troubleTopic).count == 3, "connect, raised, cleared: nothing else")
    }

    @Test("a finished run is appended and published on last_run with the counters; a connect publishes it again")
    func lastRun() throws {
        let history = MemoryHistoryStore()
        let bench = try Bench(settings: Self.settings, history: history)
        try bench.controller.start(at: .zero) { _, _ in }
        bench.controller.connected(at: .zero)
        #expect(Self.retained(bench, Self.lastRunTopic).isEmpty, "no run yet: nothing to publish")
        bench.advance(to: 10)
        bench.controller.handle(.trigger, at: Instant(seconds: 10))
        bench.advance(to: 700)
        let published = try #require(Self.retained(bench, Self.lastRunTopic).only)
        let record = try #require(history.read().records.only)
        #expect(record.stopReason == .fireOff && record.source == .trigger)
        #expect(published["id"] == 1 && published["kind"] == "fire" && published["source"] == "trigger")
        #expect(published["start"] == .string(iso8601(epochSeconds: bench.wallAtZero + 10)))
        #expect(published["stop_reason"] == "fire_off")
        #expect(published["runtime"] == .number(record.runtime))
        #expect(published["counters"]?["runs"] == 1 && published["counters"]?["starts"] == 1)
        #expect(published["counters"]?["engine_seconds"] == .number(record.runtime))
        bench.controller.connected(at: Instant(seconds: 800))
        #expect(Self.retained(bench, Self.lastRunTopic).count == 2)
    }

    @Test("history writes that fail raise history_not_saved and never touch the run; retried, the record lands and the trouble clears")
    func failingWrites() throws {
        let history = MemoryHistoryStore()
        history.failure = "write history.jsonl: No space left on device"
        let bench = try Bench(settings: Self.settings, history: history)
        try bench.controller.start(at: .zero) { _, _ in }
        bench.controller.handle(.trigger, at: .zero)
        #expect(bench.controller.machine.state.phase == .priming, "the run started")
        // The run's start is in the ledger, which the state record carries: nothing to append yet.
        #expect(!bench.transport.actions.contains("history_save_failed"))
        bench.advance(to: 700)
        #expect(bench.controller.machine.troubles[.historyNotSaved] != nil, "the finished run could not be appended")
        #expect(bench.transport.actions.filter { $0 == "history_save_failed" }.count == 1, "reported once")
        #expect(bench.controller.machine.state.phase == .refilling, "the run went through its stop and refill")
        #expect(history.read().records.isEmpty)
        history.failure = nil
        // The next turn after the retry interval writes the record.
        bench.controller.handle(.tick, at: Instant(seconds: 701))
        #expect(history.read().records.map(\.stopReason) == [.fireOff])
        #expect(try bench.store.load()?.ledger?.counters.runs == 1)
        #expect(bench.controller.machine.troubles[.historyNotSaved] == nil)
        #expect(bench.transport.actions.contains("trouble_cleared"))
    }

    @Test("a crash mid-run and a restart: one record, the restart noted, the engine start counted once")
    func restartMidRun() throws {
        let history = MemoryHistoryStore()
        let first = try Bench(settings: Self.settings, history: history)
        try first.controller.start(at: .zero) { _, _ in }
        first.controller.handle(.trigger, at: .zero)
        first.advance(to: 100)
        #expect(try first.store.load()?.ledger?.openRun?.record.id == 1)
        first.pins.releaseAll()
        first.wall.now += 5
        let second = try Bench(settings: Self.settings, pins: first.pins, store: first.store, history: history, wall: first.wall)
        try second.controller.start(at: .zero) { _, _ in }
        second.advance(to: 1000)
        let record = try #require(history.read().records.only)
        #expect(record.restarts == 1 && record.crankAttempts == 1)
        #expect(record.start == WallInstant(secondsSinceEpoch: first.wallAtZero))
        let counters = try #require(second.controller.ledger?.counters)
        #expect(counters.runs == 1 && counters.starts == 1 && counters.engineSeconds == record.runtime)
    }
}

extension Array {
    var only: Element? { count == 1 ? first : nil }
}
