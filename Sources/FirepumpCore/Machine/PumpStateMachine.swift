/// The pump controller's logic: a pure, deterministic state machine.
///
/// Give it an event and the instant it happened; it updates its state and returns the actions
/// to perform, in order. It reads no clock, sleeps nowhere and performs no I/O: every timer is a
/// deadline in ``PumpState/deadlines`` (or in the volatile input and health fields), and
/// ``nextDeadline`` says when the owner must call it again with ``PumpEvent/tick``.
///
/// Transition rules follow `target-behaviour.md`; doc comments on each phase's extension cite
/// the reference defect they avoid.
public struct PumpStateMachine: Sendable {
    public let config: PumpConfig
    /// The durable state (persisted by the owner on ``PumpAction/persist``).
    public internal(set) var state: PumpState
    /// Debounced inputs: a tracker for each fitted input, `nil` for the others. Re-read from the
    /// hardware at boot.
    public internal(set) var inputs = CaseTable<InputRole, InputTracker?>(repeating: nil)
    /// When the next health report is due.
    public internal(set) var healthDue: Instant?
    /// When a held emergency button becomes an emergency stop.
    public internal(set) var longPressAt: Instant?
    /// A shutdown was requested; the owner exits once ``readyToExit`` is true.
    public internal(set) var shutdownRequested = false
    /// Active troubles and when each began. Not persisted: each is raised again by its cause.
    public internal(set) var troubles: [Trouble: Instant] = [:]
    /// Outputs whose last write failed, retried at ``outputRetryAt``.
    var failingOutputs: Set<Output> = []
    var outputRetryAt: Instant?
    /// When a failed save is tried again.
    var saveRetryAt: Instant?
    /// Inputs whose reader died; they read as a broken wire.
    var lostInputs: Set<InputRole> = []
    /// The shutdown is a handover: every output is left as it is and the next start resumes.
    var keepsOutputsOnExit = false

    var actions: [PumpAction] = []

    /// A machine in IDLE, or resuming a persisted state (reconciled on ``PumpEvent/booted(inputs:)``).
    public init(config: PumpConfig, restoring persisted: PumpState? = nil) {
        self.config = config
        self.state = persisted ?? PumpState()
    }

    /// Whether the owner may exit after a shutdown request: no stop pulse is still in progress,
    /// or the outputs are to be left as they are.
    public var readyToExit: Bool { shutdownRequested && (keepsOutputsOnExit || state.phase != .stopping) }

    /// A shutdown that makes the outputs safe before the process exits is under way.
    var makingSafeForExit: Bool { shutdownRequested && !keepsOutputsOnExit }

    /// Handles one event at `now` and returns the actions to perform, in order.
    ///
    /// Deadlines due by `now` are handled first, oldest first, so an event always meets the state
    /// that time has already made.
    public mutating func handle(_ event: PumpEvent, at now: Instant) -> [PumpAction] {
        actions = []
        let before = state
        if case .booted(let levels, let rebooted) = event {
            boot(levels, rebooted: rebooted, at: now)
            restoreExerciseRecord(at: now)
        }
        handleDueDeadlines(at: now)
        switch event {
        case .booted: reconcileInputs(at: now)
        case .tick: break
        case .trigger: trigger(at: now)
        case .command(let command): handle(command, at: now)
        case .inputChanged(let role, let active): inputChanged(role, active: active, at: now)
        case .messageRefused(let report): actions.append(.report(report))
        case .outputWriteFailed(let output, let error): outputWriteFailed(output, error: error, at: now)
        case .outputWriteRecovered(let output): outputWriteRecovered(output)
        case .inputLost(let role, let error): inputLost(role, error: error, at: now)
        case .stateSaveFailed(let error, let savedIn): stateSaveFailed(error: error, savedIn: savedIn, at: now)
        case .stateSaveRecovered: stateSaveRecovered()
        case .historySaveFailed(let error): historySaveFailed(error: error, at: now)
        case .historySaveRecovered: clear(.historyNotSaved)
        case .shutdown(let keepRunning): shutdown(keepRunning: keepRunning, at: now)
        case .exerciseScheduled(let due): exerciseScheduled(due)
        }
        superviseAlarms(at: now)
        // The event may have made a deadline that is already due actionable (a fire-off that
        // passed while cranking, once the engine runs): handle it now, so nothing waits in the past.
        handleDueDeadlines(at: now)
        if state != before, !actions.contains(.persist) { actions.append(.persist) }
        return actions
    }

    /// The earliest instant at which something is due, if anything is armed.
    public var nextDeadline: Instant? {
        pendingDeadlines().map(\.at).min()
    }

    // MARK: - Building blocks shared by the phases

    /// Drives an output, reporting the action only when the level changes.
    mutating func drive(_ output: Output, _ on: Bool) {
        guard state.outputs[output] != on else { return }
        state.outputs[output] = on
        actions.append(.drive(output, on: on))
    }

    mutating func report(_ report: PumpReport) {
        actions.append(.report(report))
    }

    mutating func enter(_ phase: Phase) {
        guard state.phase != phase else { return }
        actions.append(.phaseChanged(from: state.phase, to: phase))
        state.phase = phase
    }

    /// Arms a deadline of the current run.
    mutating func arm(_ kind: DeadlineKind, at instant: Instant) {
        state.deadlines[kind] = Deadline(at: instant, run: state.run)
    }

    func isStable(_ role: InputRole) -> Bool? { inputs[role]?.stable }

    /// Drives every output to its safe level except a main valve whose timed close is still pending
    /// (the engine may still be spinning down: closing it at once would deadhead the pump, H1).
    mutating func driveSafe() {
        for output in Output.allCases where !(output == .mainValve && state.deadlines[.mainValveClose] != nil) {
            drive(output, false)
        }
    }
}
