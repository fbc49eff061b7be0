import FirepumpCore
import FirepumpRuntime
import Testing

/// A state store that counts the durable writes (``StateStore/commit(_:)``, one `fdatasync`
/// each in ``FileStateStore``).
final class CountingStateStore: StateStore {
    let inner: MemoryStateStore
    private(set) var commits = 0

    init(_ inner: MemoryStateStore = MemoryStateStore()) {
        self.inner = inner
    }

    var bootID: String? { inner.bootID }
    func load() throws(StateStoreError) -> StateRecord? { try inner.load() }
    func stage(_ state: SavedState, ledger: RunLedger?) -> StagedRecord { inner.stage(state, ledger: ledger) }
    func commit(_ staged: StagedRecord) throws(StateSaveError) {
        commits += 1
        inner.commit(staged)
    }
    func setAside(because reason: String) { inner.setAside(because: reason) }

    /// The record last saved.
    var saved: StateRecord? { get throws { try MemoryStateStore(bytes: inner.bytes).load() } }
}

/// The run history's ledger saved inside the state record: each step that changes it saves the
/// state, the finished run is appended after that save, older ledger files are read once.
@Suite("The run-history ledger in the state record")
struct LedgerInStateTests {
    static let settings = ["FIRE_OFF_DELAY": "600"]

    @Test("after a trigger the saved record holds the open run; after the stop it holds the last run and the counters")
    func savedWithTheState() throws {
        let store = CountingStateStore()
        let history = MemoryHistoryStore()
        let bench = try Bench(settings: Self.settings, store: store, history: history)
        try bench.controller.start(at: .zero) { _, _ in }
        bench.controller.handle(.trigger, at: .zero)
        let started = try #require(try store.saved?.ledger)
        #expect(started.openRun?.record.id == 1 && started.openRun?.record.source == .trigger)
        #expect(started.counters.runs == 1 && started.lastRun == nil)
        #expect(try store.saved?.state.phase == .priming, "the same record as the step's state")
        bench.advance(to: 700)
        let stopped = try #require(try store.saved?.ledger)
        #expect(stopped.openRun == nil)
        #expect(stopped.lastRun?.id == 1 && stopped.lastRun?.stopReason == .fireOff)
        #expect(stopped.counters.starts == 1 && stopped.counters.engineSeconds == stopped.lastRun?.runtime)
        #expect(history.read().records == [stopped.lastRun].compactMap { $0 })
        #expect(stopped == bench.controller.ledger)
    }

    @Test("a step that changes only the ledger (an alarm during a run, no state change) still saves, once")
    func ledgerOnlyStep() throws {
        let store = CountingStateStore()
        let bench = try Bench(settings: Self.settings, store: store, history: MemoryHistoryStore())
        try bench.controller.start(at: .zero) { _, _ in }
        bench.controller.handle(.trigger, at: .zero)
        bench.advance(to: 30)
        let event = PumpEvent.historySaveFailed(error: "write history.jsonl: Input/output error")
        var machine = bench.controller.machine
        #expect(!machine.handle(event, at: Instant(seconds: 30)).contains(.persist), "the machine itself asks for no save")
        let before = try #require(try store.saved)
        let commits = store.commits
        bench.controller.handle(event, at: Instant(seconds: 30))
        #expect(store.commits == commits + 1)
        let after = try #require(try store.saved)
        #expect(after.sequence == before.sequence + 1)
        #expect(before.ledger?.openRun?.record.alarms == [])
        #expect(after.ledger?.openRun?.record.alarms == ["history_not_saved"])
        bench.controller.handle(.tick, at: Instant(seconds: 30))
        #expect(store.commits == commits + 1, "a step that changes nothing saves nothing")
    }

    @Test("a cycle (trigger, stop, reset) writes durably 5 times: 4 state saves that carry the ledger, 1 history append")
    func durableWritesPerCycle() throws {
        let store = CountingStateStore()
        let history = MemoryHistoryStore()
        let bench = try Bench(store: store, history: history)
        try bench.controller.start(at: .zero) { _, _ in }
        let atStart = store.commits
        bench.controller.handle(.trigger, at: Instant(seconds: 1))
        bench.controller.handle(.command(.stop), at: Instant(seconds: 1.001))
        bench.advance(to: 10)
        #expect(bench.controller.machine.state.phase == .lockout)
        bench.controller.handle(.command(.reset), at: Instant(seconds: 10))
        #expect(bench.controller.machine.state.phase == .idle)
        #expect(store.commits - atStart == 4)
        #expect(history.read().records.count == 1)
        #expect(try store.saved?.ledger?.lastRun?.stopReason == .emergencyStop)
    }

    @Test("upgrade: a record without a ledger and an older firepump's ledger files: the counters go on and the next save carries them")
    func upgradeFromLedgerFiles() throws {
        var old = RunLedger()
        old.counters.runs = 5
        old.counters.starts = 4
        old.counters.engineSeconds = 3600
        old.nextID = 6
        old.lastMachineRun = 9
        old.lastRun = RunRecord(id: 5, kind: .fire, source: .trigger, start: WallInstant(secondsSinceEpoch: 1_700_000_000),
                                end: WallInstant(secondsSinceEpoch: 1_700_000_900), stopReason: .fireOff, runtime: 893, crankAttempts: 1)
        let history = MemoryHistoryStore()
        try history.append(try #require(old.lastRun))
        history.legacyLedgerBytes = LegacyLedgerFile.bytes(old, sequence: 31)
        let store = CountingStateStore()
        try store.save(SavedState(PumpState(), clock: ClockReading(monotonic: .zero, wall: WallInstant(secondsSinceEpoch: 1_700_000_950))))
        #expect(try store.saved?.ledger == nil)
        let bench = try Bench(settings: Self.settings, store: store, history: history)
        try bench.controller.start(at: .zero) { _, _ in }
        #expect(bench.controller.ledger == old)
        #expect(try store.saved?.ledger == old, "the boot step saved the ledger with the state")
        #expect(history.read().records.map(\.id) == [5], "the last run was in the file: not appended again")
        bench.controller.handle(.trigger, at: Instant(seconds: 1))
        let carried = try #require(try store.saved?.ledger)
        #expect(carried.counters.runs == 6 && carried.counters.engineSeconds == 3600)
        #expect(carried.openRun?.record.id == 6 && carried.nextID == 7)
        history.legacyLedgerBytes = nil
        let restarted = try Bench(settings: Self.settings, store: store, history: history)
        try restarted.controller.start(at: .zero) { _, _ in }
        #expect(restarted.controller.ledger?.counters.runs == 6, "from the state record, not the old files")
    }

    @Test("a record whose state fails the settings check is set aside; its ledger is kept and saved again by the boot step")
    func ledgerOfAnInvalidState() throws {
        var ledger = RunLedger()
        ledger.counters.runs = 4
        ledger.counters.engineSeconds = 7200
        ledger.nextID = 5
        ledger.lastMachineRun = 4
        var state = PumpState()
        state.crankAttempts = 1 << 60
        let store = CountingStateStore()
        try store.save(SavedState(state, clock: ClockReading(monotonic: .zero, wall: WallInstant(secondsSinceEpoch: 1_700_000_000))), ledger: ledger)
        let bench = try Bench(store: store, history: MemoryHistoryStore())
        try bench.controller.start(at: .zero) { _, _ in }
        #expect(bench.controller.machine.state.phase == .idle)
        #expect(bench.controller.ledger == ledger)
        let saved = try #require(try store.saved)
        #expect(saved.ledger == ledger && saved.state.crankAttempts == 0, "a new record: a valid state and the same ledger")
    }

    @Test("a crash between the save and the append: the saved ledger's last run is appended at the next start, exactly once")
    func crashBeforeAppend() throws {
        let history = MemoryHistoryStore()
        let records = (1...3).map { id in
            RunRecord(id: id, kind: .fire, source: .trigger, start: WallInstant(secondsSinceEpoch: 1_700_000_000 + Double(id) * 3600),
                      end: WallInstant(secondsSinceEpoch: 1_700_000_600 + Double(id) * 3600), stopReason: .fireOff, runtime: 590, crankAttempts: 1)
        }
        for record in records.prefix(2) { try history.append(record) }
        var ledger = RunLedger()
        ledger.counters.runs = 3
        ledger.nextID = 4
        ledger.lastMachineRun = 3
        ledger.lastRun = records[2]
        let store = CountingStateStore()
        try store.save(SavedState(PumpState(), clock: ClockReading(monotonic: .zero, wall: WallInstant(secondsSinceEpoch: 1_700_011_000))), ledger: ledger)
        for restart in 1...2 {
            let bench = try Bench(settings: Self.settings, store: store, history: history)
            try bench.controller.start(at: .zero) { _, _ in }
            #expect(history.read().records == records, "restart \(restart)")
            #expect(bench.controller.ledger == ledger, "restart \(restart)")
        }
    }

    @Test("every copy of the state lost: run ids continue after the history file's last, the next save carries them")
    func ledgerLost() throws {
        let history = MemoryHistoryStore()
        for id in 1...2 {
            try history.append(RunRecord(
                id: id, kind: .fire, source: .trigger, start: WallInstant(secondsSinceEpoch: 1_700_000_000 + Double(id) * 3600),
                end: WallInstant(secondsSinceEpoch: 1_700_000_600 + Double(id) * 3600), stopReason: .fireOff, runtime: 590, crankAttempts: 1))
        }
        let store = CountingStateStore()
        let bench = try Bench(settings: Self.settings, store: store, history: history)
        try bench.controller.start(at: .zero) { _, _ in }
        #expect(bench.controller.ledger?.nextID == 3)
        #expect(try store.saved?.ledger?.nextID == 3, "the boot step saved the moved ids")
        bench.controller.handle(.trigger, at: .zero)
        bench.advance(to: 700)
        #expect(history.read().records.map(\.id) == [1, 2, 3])
    }
}
