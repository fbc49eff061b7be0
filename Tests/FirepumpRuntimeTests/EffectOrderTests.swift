import FirepumpCore
import FirepumpHAL
import FirepumpRuntime
import Testing

/// Pins first, then the state save, then telemetry: what is published is what the pins are; and
/// failures met while performing a step go back to the machine.
@Suite("Effect order and failures")
struct EffectOrderTests {
    /// A store that notes, at each save, what the main valve line and the transport looked like.
    final class SnoopingStore: StateStore {
        var pins: MockPinDriver?
        var transport: RecordingTransport?
        var failing: String?
        let bootID: String? = nil
        private(set) var saves: [(mainValveHigh: Bool, publishedBefore: Int)] = []
        private(set) var saved: SavedState?

        func load() throws(StateStoreError) -> StateRecord? { nil }

        func setAside(because reason: String) throws(StateStoreError) {}

        func save(_ state: SavedState) throws(StateSaveError) {
            if let failing { throw StateSaveError(failures: [.primary: failing], savedIn: []) }
            saves.append((pins?.electricalLevel(line: 18) == .high, transport?.publishes.count ?? 0))
            saved = state
        }
    }

    @Test("a trigger's step drives the valves, then saves, then publishes its events, then the retained state")
    func pinsThenSaveThenTelemetry() throws {
        let store = SnoopingStore()
        let bench = try Bench(store: store)
        store.pins = bench.pins
        store.transport = bench.transport
        try bench.controller.start(at: .zero) { _, _ in }
        let publishedAtStart = bench.transport.publishes.count
        bench.controller.handle(.trigger, at: .zero)
        let save = try #require(store.saves.last)
        #expect(save.mainValveHigh, "the valve moved before the save")
        #expect(save.publishedBefore == publishedAtStart, "nothing of the step was published before the save")
        let published = bench.transport.publishes.dropFirst(publishedAtStart)
        #expect(published.map { $0.payload["action"]?.stringValue ?? $0.topic } == [
            "pump_sequence_start", "priming_started", "refill_valve_opened_immediately", "system/trigger_telemetry/test-host/state",
        ])
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
