import FirepumpCore
import FirepumpHAL
import Logging

/// The effect runner: owns the state machine, feeds it events, and performs its actions on
/// the pins, the MQTT transport and the state store. The daemon and the simulator run this
/// same code; only the clock, the driver and the transport differ.
///
/// Not thread-safe by design: one task owns it (the daemon's loop, or the simulator), so a
/// transition always runs to completion before the next event is looked at.
public final class PumpController {
    /// What the controller needs from its surroundings besides pins and MQTT.
    public struct Environment: Sendable {
        /// The host name reported in telemetry and used in topics.
        public var host: String
        /// Wall-clock time, Unix epoch seconds (for timestamps and persistence only).
        public var wallClock: @Sendable () -> Double
        /// True when pins are the in-memory mock: telemetry says so loudly.
        public var mockPins: Bool
        public var logger: Logger
        /// Whether the wall clock is synchronised (NTP); read once, after a reboot.
        public var clockSynchronized: @Sendable () -> Bool
        /// The local time zone: its offset from UTC (seconds east) at a wall-clock instant, for
        /// `EXERCISE_SCHEDULE`.
        public var utcOffset: @Sendable (WallInstant) -> Int

        public init(
            host: String, wallClock: @escaping @Sendable () -> Double, mockPins: Bool, logger: Logger,
            clockSynchronized: @escaping @Sendable () -> Bool = { true },
            utcOffset: @escaping @Sendable (WallInstant) -> Int = { _ in 0 }
        ) {
            self.utcOffset = utcOffset
            self.host = host
            self.wallClock = wallClock
            self.mockPins = mockPins
            self.logger = logger
            self.clockSynchronized = clockSynchronized
        }
    }

    public let config: PumpConfig
    public let topics: Topics
    let pins: any PinDriver
    let transport: (any TelemetryTransport)?
    let store: (any StateStore)?
    let history: (any HistoryStore)?
    let environment: Environment
    var logger: Logger { environment.logger }
    /// Called for each phase change, in order with pin changes and publishes (the simulator's timeline).
    let onPhaseChange: ((Phase, Phase) -> Void)?

    public internal(set) var machine: PumpStateMachine
    var startedAt = Instant.zero
    var now = Instant.zero
    /// The level each output line was last driven to successfully: what telemetry reports.
    var written = OutputLevels.safe
    /// Outputs whose last write failed (so the next success is reported as a recovery).
    private var failingOutputs: Set<Output> = []
    /// Whether the last save failed.
    private var saveFailing = false
    /// ``stateSignature()`` when the retained state was last published (nil: not yet).
    var publishedStateSignature: StateSignature?
    /// What wildfire-watch's consumers were last told.
    var wildfireWatch = WildfireWatchStatus()
    /// The run recorder and its pending writes; `nil` without a history store.
    var historyWrites: HistoryWrites?

    /// - Parameter topics: where messages come in and telemetry goes out (the owner's MQTT settings).
    public init(
        config: PumpConfig, topics: Topics, pins: any PinDriver, transport: (any TelemetryTransport)?, store: (any StateStore)?,
        history: (any HistoryStore)? = nil, environment: Environment, onPhaseChange: ((Phase, Phase) -> Void)? = nil
    ) {
        self.history = history
        self.config = config
        self.topics = topics
        self.pins = pins
        self.transport = transport
        self.store = store
        self.environment = environment
        self.onPhaseChange = onPhaseChange
        self.machine = PumpStateMachine(config: config)
    }

    /// When the controller must be called again with ``PumpEvent/tick``.
    public var nextDeadline: Instant? { machine.nextDeadline }

    /// After a shutdown request: whether the stop pulse (if any) is over and the process may exit.
    public var readyToExit: Bool { machine.readyToExit }

    /// Loads the persisted state, requests every line (outputs at their persisted levels, so a
    /// resumed run does not glitch; safe levels otherwise), reads the inputs and boots the machine.
    ///
    /// - Parameter onEdge: receives debounce-free input changes from the driver's thread; the
    ///   owner must hand them back through ``handle(_:at:)`` on its own task.
    /// - Throws: ``PinDriverError`` if a line cannot be had. Lines already requested are released.
    public func start(at instant: Instant, onEdge: @escaping @Sendable (InputRole, Bool) -> Void) throws(PinDriverError) {
        now = instant
        startedAt = instant
        let (restored, rebooted, savedLedger, ledgerSetAside) = loadState(at: instant)
        machine = PumpStateMachine(config: config, restoring: restored)
        // After a reboot the relay board lost power: the lines start safe, as the relays are.
        written = rebooted ? .safe : restored?.outputs ?? .safe
        do {
            try requestLines(outputs: written, onEdge: onEdge)
        } catch {
            pins.releaseAll()
            throw error
        }
        var levels: [InputRole: Bool] = [:]
        for role in InputRole.allCases {
            guard let line = config.inputs[role].line else { continue }
            do {
                levels[role] = try pins.isActive(line: line)
            } catch {
                logger.error("cannot read input", metadata: ["input": "\(role.rawValue)", "error": "\(error)"])
            }
        }
        logger.info("controller started", metadata: [
            "pump.state": "\(machine.state.phase.rawValue)", "pins": "\(environment.mockPins ? "mock" : pins.chipName)",
        ])
        // The history is reconciled with the state as restored, before the boot step changes it;
        // the runs it finished are appended once the boot step saved the ledger.
        startHistory(restored: machine.state, savedLedger: savedLedger, setAside: ledgerSetAside, rebooted: rebooted, at: instant)
        handle(.booted(inputs: levels, rebooted: rebooted), at: instant)
        if let historyFailure = writeHistory() { handle(historyFailure, at: instant) }
        scheduleExercise(checkingSaved: true)
    }

    private func requestLines(outputs: OutputLevels, onEdge: @escaping @Sendable (InputRole, Bool) -> Void) throws(PinDriverError) {
        for output in Output.allCases {
            let pin = config.outputs[output]
            try pins.requestOutput(OutputRequest(
                line: pin.line, initiallyActive: outputs[output], activeLow: pin.activeLow, consumer: "firepump-\(output.rawValue)"))
        }
        for role in InputRole.allCases {
            let pin = config.inputs[role]
            guard let line = pin.line else { continue }
            let request = InputRequest(
                line: line, activeLow: pin.activeLow, pull: config.pull(for: role), edges: .both, consumer: "firepump-\(role.rawValue)")
            try pins.requestInput(request) { edge in onEdge(role, edge.isActive) }
        }
    }

    /// Loads the newest saved record, checks it against the settings (issue 12 item 5) and moves
    /// it onto the monotonic time line. A record that fails the check is set aside like a
    /// corrupt one: the controller then starts in IDLE with every output safe.
    /// A record saved under another boot id means the machine rebooted (issue 12 item 6). Its
    /// wall-clock instants are then trusted only while the clock is synchronised; otherwise the
    /// time since the save counts as none (a refill runs longer, never a run: the runtime a
    /// rebooted run spent is counted from the record alone). The record's run-history ledger is
    /// kept also when its state is set aside (the counters do not depend on the settings): then
    /// `ledgerSetAside` says that no saved record holds it any more.
    private func loadState(at instant: Instant) -> (state: PumpState?, rebooted: Bool, ledger: RunLedger?, ledgerSetAside: Bool) {
        guard let store else { return (nil, false, nil, false) }
        do {
            guard let record = try store.load() else {
                logger.info("no saved state: starting in IDLE with every output safe")
                return (nil, false, nil, false)
            }
            do {
                let saved = try record.state.validated(config: config)
                let rebooted = record.bootID != nil && store.bootID != nil && record.bootID != store.bootID
                var wallNow = WallInstant(secondsSinceEpoch: environment.wallClock())
                if rebooted {
                    let synchronised = environment.clockSynchronized()
                    logger.warning("the machine rebooted since the state was saved: the relays lost power", metadata: [
                        "pump.state": "\(saved.phase.rawValue)", "clock.synchronised": "\(synchronised)",
                    ])
                    wallNow = synchronised ? max(wallNow, saved.savedAt) : saved.savedAt
                }
                return (saved.restored(clock: ClockReading(monotonic: instant, wall: wallNow)), rebooted, record.ledger, false)
            } catch {
                logger.error("saved state invalid: set aside, starting in IDLE with every output safe", metadata: [
                    "error": "\(error)", "state.sequence": "\(record.sequence)",
                ])
                do {
                    try store.setAside(because: error.description)
                } catch {
                    logger.error("cannot set the invalid state aside", metadata: ["error": "\(error)"])
                }
                return (nil, false, record.ledger, record.ledger != nil)
            }
        } catch {
            logger.error("saved state unusable: starting in IDLE with every output safe", metadata: ["error": "\(error)"])
            return (nil, false, nil, false)
        }
    }

    /// Handles one event at `instant` and performs the resulting actions. The run history records
    /// the step first, so the step's state save carries the ledger after it; the runs it
    /// finished are appended after that save. What goes wrong while performing them (an output,
    /// the state file or the history that cannot be written) is handed back to the machine as an
    /// event in the same turn, so it decides what a failure means.
    public func handle(_ event: PumpEvent, at instant: Instant) {
        now = instant
        var pending = [event]
        if let retried = retryHistoryIfDue() { pending.append(retried) }
        var steps = 0
        while !pending.isEmpty {
            steps += 1
            precondition(steps < 1_000, "failure events keep producing failures: \(pending)")
            let next = pending.removeFirst()
            let actions = machine.handle(next, at: instant)
            let finished = recordHistory(next, actions)
            pending += perform(actions)
            if let failure = finishRecording(finished) { pending.append(failure) }
        }
        scheduleExercise(checkingSaved: false)
    }

    /// Handles an MQTT message: parsed into an event, or logged and ignored if not for us.
    public func handleMessage(topic: String, payload: [UInt8], retained: Bool, at instant: Instant) {
        guard let event = InboundMessage.event(topic: topic, payload: payload, retained: retained, topics: topics) else {
            logger.debug("message on a topic firepump does not use", metadata: ["mqtt.topic": "\(topic)"])
            return
        }
        handle(event, at: instant)
    }

    /// The broker link came up: announce it and refresh the retained state, troubles and last run.
    public func connected(at instant: Instant) {
        now = instant
        wildfireWatch.brokerConnected = true
        logger.info("MQTT connected")
        publishEvent(.mqttConnected)
        publishState()
        publishTroubles()
        publishLastRun()
        publishWildfireWatchStatus(health: true, force: true)
    }

    /// Performs one step's actions: the pins first, then the state save's quick copy, then
    /// telemetry (events before the retained state and troubles, then wildfire-watch's retained
    /// topics), so what is published is what the pins are; then the step's log lines (held in a
    /// ``StepLog`` so that no line delays the first event); last the save's durable copy, whose
    /// `fdatasync` so delays no message. The next event is handled only after it.
    /// The state is saved when the machine asks (``PumpAction/persist``) or the step changed the
    /// run history's ledger, which the record carries.
    /// - Returns: the failures met, as events for the machine.
    private func perform(_ actions: [PumpAction]) -> [PumpEvent] {
        var failures: [PumpEvent] = []
        var lines = StepLog(logger)
        for case .drive(let output, let on) in actions {
            if let failure = drive(output, on, log: &lines) { failures.append(failure) }
        }
        let staged = actions.contains(.persist) || historyWrites?.ledgerUnsaved == true ? stage() : nil
        publishTelemetry(of: actions, log: &lines)
        lines.emit()
        if let staged, let failure = commit(staged) { failures.append(failure) }
        return failures
    }

    /// Publishes one step's reports, phase change and health, then the retained topics that
    /// changed; their log lines go to `lines`. The first event is sent at once, the rest together
    /// after it.
    private func publishTelemetry(of actions: [PumpAction], log lines: inout StepLog) {
        var eventSent = false
        var phaseChanged = false
        var runtimeMoved = false
        var healthDue = false
        var troublesChanged = false
        for action in actions {
            switch action {
            case .drive, .persist:
                continue
            case .phaseChanged(let from, let to):
                lines.add(.info, "state changed", ["pump.from": "\(from.rawValue)", "pump.state": "\(to.rawValue)", "pump.run": "\(machine.state.run)"])
                onPhaseChange?(from, to)
                phaseChanged = true
            case .report(let report):
                publishEvent(report)
                if !eventSent {
                    transport?.flush()
                    eventSent = true
                }
                log(report, to: &lines)
                if case .trouble = report { troublesChanged = true }
            case .publishHealth:
                publish(topics.telemetry, healthPayload(), retain: false)
                // The runtimes in the retained state move on while the engine runs.
                runtimeMoved = machine.state.runningSince != nil
                healthDue = true
            }
        }
        let shownChanged = publishedStateSignature.map { $0 != stateSignature() } ?? false
        if phaseChanged || runtimeMoved || shownChanged { publishState() }
        if troublesChanged { publishTroubles() }
        publishWildfireWatchStatus(health: healthDue || phaseChanged)
        transport?.flush()
    }

    /// Drives a line; a failure, or the first success after failures, becomes an event.
    private func drive(_ output: Output, _ on: Bool, log lines: inout StepLog) -> PumpEvent? {
        let line = config.outputs[output].line
        do {
            try pins.set(line: line, active: on)
            written[output] = on
            lines.add(.info, "output", ["pin.output": "\(output.rawValue)", "pin.line": "\(line)", "pin.on": "\(on)"])
            return failingOutputs.remove(output).map { .outputWriteRecovered($0) }
        } catch {
            failingOutputs.insert(output)
            lines.add(.error, "output write failed", ["pin.output": "\(output.rawValue)", "pin.line": "\(line)", "error": "\(error)"])
            return .outputWriteFailed(output, error: error.description)
        }
    }

    /// The first half of the state save (``StateStore/stage(_:ledger:)``), with the run history's
    /// ledger; `nil` without a store.
    private func stage() -> StagedRecord? {
        let ledger = ledgerToSave()
        return store?.stage(SavedState(machine.state, clock: ClockReading(monotonic: now, wall: WallInstant(secondsSinceEpoch: environment.wallClock()))), ledger: ledger)
    }

    /// The second half of the state save; a failure of either half, or the first success after
    /// failures, becomes an event.
    private func commit(_ staged: StagedRecord) -> PumpEvent? {
        guard let store else { return nil }
        do {
            try store.commit(staged)
            defer { saveFailing = false }
            return saveFailing ? .stateSaveRecovered : nil
        } catch {
            saveFailing = true
            logger.error("cannot save the state", metadata: ["error": "\(error)"])
            return .stateSaveFailed(error: error.description, savedIn: StateCopy.allCases.filter(error.savedIn.contains).map(\.rawValue))
        }
    }

    private func log(_ report: PumpReport, to lines: inout StepLog) {
        let (level, message): (Logger.Level, Logger.Message) =
            switch report.severity {
            case .critical: (.critical, "safety event")
            case .error: (.error, "fault")
            case .warning: (.warning, "refused")
            case .info: (.info, "event")
            }
        lines.add(level, message, {
            let event = report.wire
            var metadata: Logger.Metadata = ["event": "\(event.name)"]
            for field in event.fields { metadata["event.\(field.key)"] = "\(field.value.stringValue ?? field.value.serialized)" }
            return metadata
        }())
    }

    func publish(_ topic: String, _ payload: JSONValue, retain: Bool) {
        transport?.publish(topic: topic, payload: payload.serializedBytes, retain: retain)
    }
}

extension PumpController {
    /// The broker link went down. Nothing in the pump changes (target §1.1); it is logged.
    public func disconnected(reason: String) {
        wildfireWatch.brokerConnected = false
        logger.warning("no MQTT connection (lost or refused); the pump carries on and the client keeps retrying", metadata: ["mqtt.reason": "\(reason)"])
    }
}
