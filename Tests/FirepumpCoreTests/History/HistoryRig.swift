import FirepumpCore

/// Drives a ``PumpStateMachine`` and a ``RunRecorder`` as the controller does: each step's state
/// is saved first, then the ledger, then the finished runs are appended. A crash may lose the
/// last step's ledger write and appends (the window between the state save and the ledger's),
/// and a restart appends the ledger's last run when the history lacks it.
struct HistoryRig {
    /// Wall-clock time at t = 0.
    static let epoch = 1_800_000_000.0

    let config: PumpConfig
    private(set) var machine: PumpStateMachine
    private(set) var recorder: RunRecorder
    private(set) var now = Instant.zero
    /// The ledger as last saved, and the history file's records.
    private(set) var savedLedger = RunLedger()
    private(set) var history: [RunRecord] = []
    /// The ledger and history before the last step that changed them (what a lost write leaves).
    private var beforeLastWrite: (ledger: RunLedger, history: [RunRecord])?
    /// Every report the machine made, in order.
    private(set) var reports: [PumpReport] = []
    private(set) var inputs: [InputRole: Bool]

    init(_ config: PumpConfig = PumpConfig(), inputs: [InputRole: Bool] = [:]) {
        self.config = config
        self.inputs = inputs
        machine = PumpStateMachine(config: config)
        recorder = RunRecorder()
        boot(restoring: nil, rebooted: false)
    }

    var clock: ClockReading { ClockReading(monotonic: now, wall: WallInstant(secondsSinceEpoch: Self.epoch + now.seconds)) }
    var counters: RunCounters { recorder.ledger.counters }
    var phase: Phase { machine.state.phase }

    mutating func send(_ event: PumpEvent) {
        if case .inputChanged(let role, let active) = event { inputs[role] = active }
        let actions = machine.handle(event, at: now)
        for case .report(let report) in actions { reports.append(report) }
        save(recorder.record(event, actions, state: machine.state, troubles: machine.troubles.keys, at: clock))
    }

    mutating func send(_ event: PumpEvent, at seconds: Double) {
        advance(to: seconds)
        send(event)
    }

    /// A tick at every deadline up to `seconds`.
    mutating func advance(to seconds: Double) {
        let target = Instant(seconds: seconds)
        while let next = machine.nextDeadline, next <= target {
            now = max(now, next)
            send(.tick)
        }
        now = max(now, target)
    }

    /// The owner stalled: one late tick at `seconds`.
    mutating func tickLate(at seconds: Double) {
        now = max(now, Instant(seconds: seconds))
        send(.tick)
    }

    /// SIGTERM: ticks until the machine may exit.
    mutating func terminate(keepRunning: Bool) {
        send(.shutdown(keepRunning: keepRunning))
        while !machine.readyToExit, let next = machine.nextDeadline {
            now = max(now, next)
            send(.tick)
        }
    }

    /// `kill -9` and a start after `downtime`; `losingLedgerWrite` crashes between the last
    /// step's state save and its ledger write.
    mutating func crash(after downtime: Double, losingLedgerWrite: Bool = false) {
        restartProcess(after: downtime, losingLedgerWrite: losingLedgerWrite, rebooted: false)
    }

    /// A power cut and a start after `downtime`.
    mutating func reboot(after downtime: Double, losingLedgerWrite: Bool = false) {
        restartProcess(after: downtime, losingLedgerWrite: losingLedgerWrite, rebooted: true)
    }

    /// A start whose saved state was lost (unreadable or invalid): the machine starts in IDLE.
    mutating func restartLosingState(after downtime: Double) {
        now = now + downtime
        recorder = RunRecorder(ledger: savedLedger)
        boot(restoring: PumpState(), rebooted: false)
    }

    private mutating func restartProcess(after downtime: Double, losingLedgerWrite: Bool, rebooted: Bool) {
        if losingLedgerWrite, let before = beforeLastWrite {
            savedLedger = before.ledger
            history = before.history
        }
        beforeLastWrite = nil
        now = now + downtime
        recorder = RunRecorder(ledger: savedLedger)
        boot(restoring: machine.state, rebooted: rebooted)
    }

    private mutating func boot(restoring state: PumpState?, rebooted: Bool) {
        if let last = savedLedger.lastRun, (history.last?.id ?? 0) < last.id { history.append(last) }
        machine = PumpStateMachine(config: config, restoring: state)
        save(recorder.resume(machine.state, rebooted: rebooted, at: clock))
        // The resume's ledger write comes before the boot step's state save: a crash cannot lose
        // it and keep that state.
        beforeLastWrite = nil
        send(.booted(inputs: inputs, rebooted: rebooted))
    }

    private mutating func save(_ outcome: RunRecorder.Outcome) {
        guard outcome.ledgerChanged || !outcome.closed.isEmpty else { return }
        beforeLastWrite = (savedLedger, history)
        savedLedger = recorder.ledger
        history += outcome.closed
    }
}

extension PumpConfig {
    /// The defaults with `settings` applied.
    static func with(_ settings: [String: String]) -> PumpConfig {
        // Test settings are valid; a failure here is a test bug.
        try! PumpSettings.parse(settings).config
    }
}
