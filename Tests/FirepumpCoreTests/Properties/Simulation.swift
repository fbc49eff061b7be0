import FirepumpCore

/// The safety properties checked after every `handle` call (target §1-§9).
enum Invariant: String, CaseIterable, Sendable {
    /// (a) Ignition start and ignition on are never on while the main valve is off.
    case ignitionNeedsMainValve
    /// (b) Ignition on never lasts longer than MAX_ENGINE_RUNTIME since RUNNING, and is only on
    /// while cranking or running.
    case maxRuntime
    /// (c) Every step that turns ignition on off also starts the ignition-off pulse.
    case ignitionOffPulse
    /// (d) The priming valve is off at most PRIMING_DURATION after RUNNING.
    case primingValveCloses
    /// (e) RPM reduce is on when ignition on goes off (earlier step, or earlier in the same step).
    case rpmBeforeIgnitionOff
    /// (f) In ERROR or LOCKOUT no output turns on.
    case latchedOutputsStayOff
    /// (g) After ERROR or LOCKOUT nothing starts (no PRIMING) until a `reset` command.
    case noStartAfterLatch
    /// (h) A restart reaches a state target §9 allows.
    case restartReconciles
    /// (i) `nextDeadline` is never in the past after `handle` returns.
    case deadlineNotInPast
    /// Principle 1, "start reliably": a trigger in IDLE starts unless the low-reservoir switch
    /// reads empty; in REFILLING/COOLDOWN it starts when the float reads full (and the tank is not
    /// empty); `start`/`bypass_start` in IDLE, REFILLING or COOLDOWN always starts.
    case startsWhenAsked
    /// A failed or recovered output write or save never changes the run: no phase change, no
    /// output driven, nothing durable changed. Retries re-drive only failing outputs, at their level.
    case faultsKeepTheRun
    /// A reboot leaves every relay off except what the boot drives, never ignition or the starter;
    /// the engine's runtime in one run, across reboots, never exceeds MAX_ENGINE_RUNTIME by more
    /// than one runtime checkpoint interval.
    case rebootIsSafe
    /// The drive and phase actions tell the owner everything: the outputs and phase rebuilt
    /// from them equal the machine's own record, and every state change asks for a `persist`.
    case actionsMatchState
    /// Issue 12 item 5: every state the machine asks to persist passes ``SavedState/validated(config:)``
    /// and comes back equal through the state file's encoding.
    case savedStateValid
}

/// Plays a ``Scenario`` against the machine, rebuilding a model of the outputs from the actions
/// alone, and records every invariant violation with the step that caused it.
struct Simulation {
    let config: PumpConfig
    private(set) var machine: PumpStateMachine
    private(set) var now = Instant(seconds: 0)
    private(set) var inputs: [InputRole: Bool]

    // The model, rebuilt from actions only.
    private(set) var levels = OutputLevels.safe
    private(set) var phase = Phase.idle
    /// When the current run entered RUNNING from STARTING (nil before, and after the engine stopped).
    private(set) var runStart: Instant?
    /// A latch (ERROR or LOCKOUT) was entered and no `reset` was sent since.
    private(set) var latched = false
    /// Outputs reported failing (their retries re-drive the same level), and whether saves fail.
    private(set) var failingOutputs: Set<Output> = []
    private(set) var saveFailing = false
    /// Ignition-on time of the current run before the current stretch, and when that stretch began.
    private var runIgnitionTime = 0.0
    private var ignitionOnSince: Instant?
    /// The owner stalled during this run (a late tick): nothing could enforce time meanwhile.
    private var runStalled = false
    /// Whether the last step turned ignition on off (a change, not a retry).
    private var releasedIgnition = false

    private(set) var violations: [Invariant: [String]] = [:]
    private(set) var handled = 0
    /// Coverage: phases entered, stop reasons seen, restarts done.
    private(set) var visited: Set<Phase> = [.idle]
    private(set) var stopReasons: Set<String> = []
    private(set) var restarts = 0
    private var stepText = "boot"

    /// Whether every persisted state goes through the codec and validation (costly in a debug
    /// build: only the test of that invariant asks for it).
    private let checksSaves: Bool

    init(_ scenario: Scenario, checkingSaves: Bool = true) {
        config = scenario.config
        checksSaves = checkingSaves
        machine = PumpStateMachine(config: config)
        inputs = scenario.boot
        handle(.booted(inputs: inputs))
    }

    static func run(_ scenario: Scenario, checkingSaves: Bool = true) -> Simulation {
        var simulation = Simulation(scenario, checkingSaves: checkingSaves)
        for (index, step) in scenario.steps.enumerated() {
            simulation.stepText = "step \(index) (\(step))"
            simulation.perform(step)
        }
        return simulation
    }

    private mutating func violate(_ invariant: Invariant, _ what: String) {
        violations[invariant, default: []].append("\(stepText) at \(now): \(what)")
    }

    mutating func perform(_ step: Step) {
        switch step {
        case .trigger: handle(.trigger)
        case .command(let command): handle(.command(command))
        case .input(let role, let active):
            inputs[role] = active
            handle(.inputChanged(role, active: active))
        case .wait(let seconds): advance(to: now + seconds)
        case .late(let seconds):
            runStalled = true
            now = now + seconds
            handle(.tick)
        case .crash(let downtime, let flips):
            // Down with the relays held: like a stall, nothing could enforce time meanwhile.
            if downtime > 0 { runStalled = true }
            for role in flips { inputs[role]?.toggle() }
            restart(after: downtime)
        case .reboot(let downtime):
            reboot(after: downtime)
        case .sigterm(let keepRunning, let downtime):
            if keepRunning, downtime > 0 { runStalled = true }
            handle(.shutdown(keepRunning: keepRunning))
            var waited = 0
            while !machine.readyToExit, let next = machine.nextDeadline, waited < 1000 {
                waited += 1
                now = max(now, next)
                handle(.tick)
            }
            if !machine.readyToExit { violate(.actionsMatchState, "never ready to exit after SIGTERM") }
            restart(after: downtime)
        case .refused:
            handle(.messageRefused(.triggerIgnored(.message("test"))))
        case .fault(let fault):
            perform(fault)
        }
    }

    private mutating func perform(_ fault: Fault) {
        switch fault {
        case .outputFailed(let output): failingOutputs.insert(output)
        case .outputRecovered(let output): failingOutputs.remove(output)
        case .saveFailed: saveFailing = true
        case .saveRecovered: saveFailing = false
        case .inputLost: break
        }
        let before = machine.state
        let actions = handle(fault.event)
        if case .inputLost = fault { return }
        if machine.state != before || actions.contains(where: { if case .report = $0 { false } else { true } }) {
            violate(.faultsKeepTheRun, "\(fault) changed the run: \(actions)")
        }
    }

    /// The owner's loop: a tick at every deadline up to `target`.
    mutating func advance(to target: Instant) {
        var ticks = 0
        while let next = machine.nextDeadline, next <= target {
            ticks += 1
            guard ticks < 200_000 else {
                violate(.deadlineNotInPast, "deadlines keep coming without time passing (next \(next))")
                return
            }
            now = max(now, next)
            handle(.tick)
        }
        now = max(now, target)
    }

    /// A reboot: the engine stops with the power, every relay is off, the new process knows it rebooted.
    mutating func reboot(after downtime: Double) {
        let persisted = machine.state
        restarts += 1
        failingOutputs = []
        saveFailing = false
        if let since = ignitionOnSince { runIgnitionTime += now - since }
        ignitionOnSince = nil
        levels = .safe
        runStart = nil
        now = now + downtime
        machine = PumpStateMachine(config: config, restoring: persisted)
        let actions = handle(.booted(inputs: inputs, rebooted: true))
        // Only a crank (PRE_OPEN_DELAY 0 starts one at once) may energise the starter, and ignition on with
        // it; or the engine-running input, which says the engine runs (it is never cranked then).
        let engineReadsRunning = machine.inputs[.engineRunning]?.stable == true
        if (levels[.ignitionOn] || levels[.ignitionStart]), machine.state.phase != .starting, !engineReadsRunning {
            violate(.rebootIsSafe, "ignition or starter on right after a reboot, not cranking: \(actions)")
        }
        if [.running, .reducingRPM].contains(machine.state.phase), !engineReadsRunning {
            violate(.rebootIsSafe, "\(machine.state.phase) right after a reboot")
        }
    }

    /// A restart on the same time line: the persisted state, outputs held, inputs read afresh.
    mutating func restart(after downtime: Double) {
        let persisted = machine.state
        restarts += 1
        failingOutputs = []
        saveFailing = false
        now = now + downtime
        machine = PumpStateMachine(config: config, restoring: persisted)
        let actions = handle(.booted(inputs: inputs))
        checkRestart(from: persisted, actions: actions)
    }

    @discardableResult
    mutating func handle(_ event: PumpEvent) -> [PumpAction] {
        let before = machine.state
        if case .command(.reset) = event { latched = false }
        let nothingDue = machine.nextDeadline.map { $0 > now } ?? true
        let empty = machine.inputs[.reservoirLow]?.stable == true
        let full = machine.inputs[.reservoirFloat]?.stable == true
        let actions = machine.handle(event, at: now)
        handled += 1
        apply(actions, event: event)
        checkAfterStep(event: event, actions: actions, before: before)
        if nothingDue {
            let mustStart: Bool
            switch (event, before.phase) {
            case (.trigger, .idle): mustStart = !empty
            case (.trigger, .refilling), (.trigger, .cooldown): mustStart = full && !empty
            case (.command(.start), .idle), (.command(.start), .refilling), (.command(.start), .cooldown),
                 (.command(.bypassStart), .idle), (.command(.bypassStart), .refilling), (.command(.bypassStart), .cooldown):
                mustStart = true
            default: mustStart = false
            }
            if mustStart, !actions.contains(.phaseChanged(from: before.phase, to: .priming)) {
                violate(.startsWhenAsked, "\(event) in \(before.phase) did not start: \(actions)")
            }
        }
        return actions
    }

    /// Replays the actions on the model, checking what must hold at each action.
    private mutating func apply(_ actions: [PumpAction], event: PumpEvent) {
        releasedIgnition = false
        for action in actions {
            switch action {
            case .phaseChanged(let from, let to):
                if from != phase { violate(.actionsMatchState, "phase change from \(from) but the model is in \(phase)") }
                if to == .priming {
                    if latched { violate(.noStartAfterLatch, "PRIMING after a latch without reset (\(event))") }
                    runStart = nil
                    // A new run (not a reboot's restart of the same run): its runtime starts at 0.
                    if [.idle, .refilling, .cooldown].contains(from) {
                        runIgnitionTime = 0
                        runStalled = false
                    }
                }
                if from == .starting, to == .running { runStart = now }
                if to == .error || to == .lockout { latched = true }
                phase = to
                visited.insert(to)
            case .drive(let output, let on):
                if levels[output] == on {
                    // Only a failing output is driven again, to the level it already has (a retry).
                    if !failingOutputs.contains(output) { violate(.actionsMatchState, "drive \(output) to \(on), already there") }
                    continue
                }
                if output == .ignitionOn, !on { releasedIgnition = true }
                if on, phase.isLatched { violate(.latchedOutputsStayOff, "\(output) turned on in \(phase)") }
                if output == .ignitionOn, !on, !levels[.rpmReduce] {
                    violate(.rpmBeforeIgnitionOff, "ignition on released with RPM reduce off (\(phase))")
                }
                levels[output] = on
                if (levels[.ignitionStart] || levels[.ignitionOn]) && !levels[.mainValve] {
                    violate(.ignitionNeedsMainValve, "ignition start \(levels[.ignitionStart]), on \(levels[.ignitionOn]), main valve off")
                }
                if output == .ignitionOn, !on { runStart = nil }
                if output == .ignitionOn {
                    if on { ignitionOnSince = now } else if let since = ignitionOnSince {
                        runIgnitionTime += now - since
                        ignitionOnSince = nil
                    }
                }
            case .report(let report):
                if case .shutdownInitiated(let reason, _) = report { stopReasons.insert(reason.rawValue) }
            case .publishHealth, .persist:
                break
            }
        }
    }

    private mutating func checkAfterStep(event: PumpEvent, actions: [PumpAction], before: PumpState) {
        let timing = config.timing
        // (b)
        if levels[.ignitionOn] {
            if ![.starting, .running, .reducingRPM].contains(phase) {
                violate(.maxRuntime, "ignition on in \(phase)")
            }
            if let runStart, now - runStart > timing.maxEngineRuntime + 1e-6 {
                violate(.maxRuntime, "ignition on \(now - runStart) s after RUNNING (max \(timing.maxEngineRuntime))")
            }
        }
        let ignitionTime = runIgnitionTime + (ignitionOnSince.map { now - $0 } ?? 0)
        if !runStalled, ignitionTime > timing.maxEngineRuntime + PumpStateMachine.runtimeCheckpointInterval + 1e-6 {
            violate(.rebootIsSafe, "ignition on \(ignitionTime) s in one run across reboots (max \(timing.maxEngineRuntime))")
        }
        // (c)
        if releasedIgnition, !actions.contains(.drive(.ignitionOff, on: true)) {
            violate(.ignitionOffPulse, "ignition on released without the ignition-off pulse (\(event))")
        }
        // (d)
        if levels[.primingValve], let runStart, now - runStart > timing.primingDuration + 1e-6 {
            violate(.primingValveCloses, "priming valve open \(now - runStart) s after RUNNING (max \(timing.primingDuration))")
        }
        // (i)
        if let next = machine.nextDeadline, next < now {
            violate(.deadlineNotInPast, "nextDeadline \(next) is in the past after \(event)")
        }
        // Consistency of the action stream with the state.
        if levels != machine.state.outputs { violate(.actionsMatchState, "outputs from actions \(levels) ≠ state \(machine.state.outputs)") }
        if phase != machine.state.phase { violate(.actionsMatchState, "phase from actions \(phase) ≠ state \(machine.state.phase)") }
        let persisted = actions.contains(.persist)
        // A handover saves once more even when nothing changed: the next process resumes from that record.
        let handoverSave = persisted && event == .shutdown(keepRunning: true)
        if (machine.state != before) != persisted, !(persisted && saveFailing), !handoverSave {
            violate(.actionsMatchState, "state changed: \(machine.state != before), persist asked: \(persisted) (\(event))")
        }
        if actions.filter({ $0 == .persist }).count > 1 { violate(.actionsMatchState, "more than one persist in a step") }
        if persisted, checksSaves { checkSaved() }
    }

    /// What the state file would hold now: valid under the settings, and the same state when read back.
    private mutating func checkSaved() {
        // On the wall clock of a real save for the checks; on one with the same origin for an
        // exact round trip (moving instants by a large offset rounds them).
        let wall = ClockReading(monotonic: now, wall: WallInstant(secondsSinceEpoch: 1_800_000_000.25))
        let same = ClockReading(monotonic: now, wall: WallInstant(secondsSinceEpoch: now.seconds))
        do {
            _ = try SavedState(machine.state, clock: wall).validated(config: config)
            let encoded = SavedStateCodec.encode(StateRecord(sequence: 1, bootID: "b", state: SavedState(machine.state, clock: same)))
            let record = try SavedStateCodec.decode(encoded)
            if record.state.restored(clock: same) != machine.state { violate(.savedStateValid, "state changed through the codec") }
        } catch {
            violate(.savedStateValid, "\(error) in \(machine.state)")
        }
    }

    /// (h) What a restart may do (target §9).
    private mutating func checkRestart(from persisted: PumpState, actions: [PumpAction]) {
        let state = machine.state
        let phaseChanges = actions.compactMap { action -> Phase? in
            if case .phaseChanged(_, let to) = action { return to }
            return nil
        }
        if phaseChanges.contains(.priming) { violate(.restartReconciles, "a restart started a run") }
        switch persisted.phase {
        case .error, .lockout:
            if state.phase != persisted.phase { violate(.restartReconciles, "latched \(persisted.phase) became \(state.phase)") }
            if state.phase == .error, state.errorReason != persisted.errorReason { violate(.restartReconciles, "error reason lost") }
            let stillOn = Output.allCases.filter { $0 != .mainValve && levels[$0] }
            if !stillOn.isEmpty { violate(.restartReconciles, "latched state with \(stillOn) on after boot") }
            if actions.contains(where: { if case .report(.recoveredAfterRestart) = $0 { true } else { false } }) {
                violate(.restartReconciles, "a latched state reported as a recovered run")
            }
        case .idle:
            if state.phase != .idle { violate(.restartReconciles, "IDLE became \(state.phase)") }
            if actions.contains(where: { if case .report(.recoveredAfterRestart) = $0 { true } else { false } }) {
                violate(.restartReconciles, "IDLE reported as a recovered run")
            }
        case .priming, .starting, .running, .reducingRPM, .stopping, .refilling, .cooldown:
            if actions.first != .report(.recoveredAfterRestart(previous: persisted.phase)) { violate(.restartReconciles, "no recovered_after_restart first: \(actions.prefix(2))") }
            let due = DeadlineKind.allCases.contains { kind in persisted.deadlines[kind].map { $0.at <= now } ?? false }
            if let maxRuntime = persisted.deadlines[.maxRuntime], maxRuntime.at <= now, levels[.ignitionOn] {
                violate(.restartReconciles, "max runtime passed while down, but ignition on after boot")
            }
            // A clean shutdown closed the refill valve of a refill it kept: the boot reopens it.
            let reopensRefill = persisted.phase == .refilling && !persisted.outputs[.refillValve]
            let unexpectedDrive = actions.contains { action in
                guard case .drive(let output, let on) = action else { return false }
                return !(reopensRefill && output == .refillValve && on)
            }
            if state.phase == .refilling, !levels[.refillValve] { violate(.restartReconciles, "REFILLING resumed with its valve closed") }
            if !due, unexpectedDrive {
                let fittedSensors = InputRole.allCases.filter { $0 != .emergencyButton && config.isFitted($0) }
                if fittedSensors.isEmpty { violate(.restartReconciles, "a relay changed at boot with nothing due: \(actions)") }
            }
            if (persisted.phase == .refilling || persisted.phase == .cooldown), let end = persisted.deadlines[.phaseEnd], end.at > now,
               !(config.isFitted(.reservoirFloat) && inputs[.reservoirFloat] == true && persisted.phase == .refilling)
            {
                if state.phase != persisted.phase || state.deadlines[.phaseEnd] != end {
                    violate(.restartReconciles, "\(persisted.phase) did not resume with its remaining time")
                }
            }
        }
    }
}
