import FirepumpCore
import FirepumpHAL
import FirepumpRuntime
import Testing

/// Pins first, then the state save's quick copy, then telemetry, then the durable copy: what is
/// published is what the pins are, and no `fsync` delays an event; failures met while performing
/// a step go back to the machine.
@Suite("Effect order and failures")
struct EffectOrderTests {
    /// A store that notes, at each half of each save, what the main valve line and the transport
    /// looked like.
    final class SnoopingStore: StateStore {
        struct Moment {
            var mainValveHigh: Bool
            var publishedBefore: Int
        }

        var pins: MockPinDriver?
        var transport: RecordingTransport?
        var failing: String?
        let bootID: String? = nil
        private(set) var stages: [Moment] = []
        private(set) var commits: [Moment] = []
        private(set) var saved: SavedState?
        private var sequence: UInt64 = 0
        private var staged: SavedState?

        func load() throws(StateStoreError) -> StateRecord? { nil }

        func setAside(because reason: String) throws(StateStoreError) {}

        func stage(_ state: SavedState, ledger: RunLedger?) -> StagedRecord {
            sequence += 1
            stages.append(now())
            staged = state
            return StagedRecord(bytes: [], sequence: sequence)
        }

        func commit(_ record: StagedRecord) throws(StateSaveError) {
            if let failing { throw StateSaveError(failures: [.primary: failing], savedIn: []) }
            commits.append(now())
            saved = staged
        }

        private func now() -> Moment {
            Moment(mainValveHigh: pins?.electricalLevel(line: 18) == .high, publishedBefore: transport?.publishes.count ?? 0)
        }
    }

    @Test("a trigger's step drives the valves, writes the quick copy, publishes its events and the retained state, then writes the durable copy")
    func pinsThenSaveThenTelemetry() throws {
        let store = SnoopingStore()
        let bench = try Bench(store: store)
        store.pins = bench.pins
        store.transport = bench.transport
        try bench.controller.start(at: .zero) { _, _ in }
        let publishedAtStart = bench.transport.publishes.count
        bench.controller.handle(.trigger, at: .zero)
        let stage = try #require(store.stages.last)
        #expect(stage.mainValveHigh, "the valve moved before the save")
        #expect(stage.publishedBefore == publishedAtStart, "nothing of the step was published before the quick copy")
        let published = bench.transport.publishes.dropFirst(publishedAtStart)
        #expect(published.map { $0.payload["action"]?.stringValue ?? $0.topic } == [
            "pump_sequence_start", "priming_started", "refill_valve_opened_immediately", "system/trigger_telemetry/test-host/state",
        ])
        let commit = try #require(store.commits.last)
        #expect(commit.publishedBefore == bench.transport.publishes.count, "the durable copy comes after every message of the step")
        #expect(store.stages.count == store.commits.count, "every staged record is committed in the same step")
    }

    @Test("a step's first event is flushed alone, the rest of its messages together after it, all before the durable copy")
    func firstEventFlushedAlone() throws {
        let store = SnoopingStore()
        let bench = try Bench(store: store)
        store.transport = bench.transport
        try bench.controller.start(at: .zero) { _, _ in }
        let publishedAtStart = bench.transport.publishes.count
        let flushesAtStart = bench.transport.flushes.count
        bench.controller.handle(.trigger, at: .zero)
        let total = bench.transport.publishes.count
        #expect(total - publishedAtStart > 2, "the step published several messages")
        #expect(Array(bench.transport.flushes.dropFirst(flushesAtStart)) == [publishedAtStart + 1, total])
        #expect(store.commits.last?.publishedBefore == total)
    }

    @Test("a failed valve write: the retained state says the valve is shut, a trouble is raised, the write is retried and recovers")
    func failedWriteRetried() throws {
        let bench = try Bench()
        try bench.controller.start(at: .zero) { _, _ in }
        bench.pins.failWrites(line: 26, errno: 5)
        bench.controller.handle(.trigger, at: .zero)
        #expect(bench.level(18) == .high && bench.level(26) != .high)
        let state = try #require(bench.transport.publishes.last { $0.topic == "system/trigger_telemetry/test-host/state" })
        #expect(state.payload["system_state"]?["priming_valve"] == .bool(false), "published as it is, not as commanded")
        #expect(state.payload["system_state"]?["main_valve"] == .bool(true))
        let failure = try #require(bench.transport.publishes.first { $0.payload["action"] == "gpio_operation_failed" })
        #expect(failure.payload["pin"] == 26)
        #expect(failure.payload["output"] == "priming_valve")
        #expect(bench.transport.actions.contains("trouble_raised"))
        bench.advance(to: 1.5)
        #expect(bench.transport.actions.filter { $0 == "gpio_operation_failed" }.count == 1, "reported once, retried quietly")
        bench.pins.failWrites(line: 26, errno: nil)
        bench.advance(to: 2.5)
        #expect(bench.level(26) == .high, "the retry drove it")
        #expect(bench.transport.actions.last == "trouble_cleared")
        #expect(bench.controller.machine.troubles.isEmpty)
        #expect(bench.controller.machine.state.phase == .starting, "the run went on")
    }

    @Test("a state that cannot be saved never stops the run: state_save_failed once, a trouble, retried until it works")
    func failedSave() throws {
        let store = SnoopingStore()
        let bench = try Bench(store: store)
        try bench.controller.start(at: .zero) { _, _ in }
        store.failing = "write /var/lib/firepump/state: No space left on device"
        bench.controller.handle(.trigger, at: .zero)
        bench.advance(to: 30)
        #expect(bench.controller.machine.state.phase == .running)
        #expect(bench.transport.actions.filter { $0 == "state_save_failed" }.count == 1)
        #expect(bench.controller.machine.troubles[.stateNotSaved] == .zero)
        store.failing = nil
        bench.advance(to: 36)
        #expect(store.saved?.phase == .running, "the retry saved the current state")
        #expect(bench.controller.machine.troubles.isEmpty)
        #expect(bench.transport.actions.last == "trouble_cleared")
    }
}
