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

        public init(host: String, wallClock: @escaping @Sendable () -> Double, mockPins: Bool, logger: Logger) {
            self.host = host
            self.wallClock = wallClock
            self.mockPins = mockPins
            self.logger = logger
        }
    }

    public let config: PumpConfig
    public let topics: Topics
    let pins: any PinDriver
    let transport: (any TelemetryTransport)?
    let store: (any StateStore)?
    let environment: Environment
    var logger: Logger { environment.logger }
    /// Called for each phase change, in order with pin changes and publishes (the simulator's timeline).
    let onPhaseChange: ((Phase, Phase) -> Void)?

    public internal(set) var machine: PumpStateMachine
    var startedAt = Instant.zero
    var now = Instant.zero

    public init(
        config: PumpConfig, pins: any PinDriver, transport: (any TelemetryTransport)?, store: (any StateStore)?,
        environment: Environment, onPhaseChange: ((Phase, Phase) -> Void)? = nil
    ) {
        self.config = config
        self.topics = Topics(config.mqtt, host: environment.host)
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
        let restored = loadState(at: instant)
        machine = PumpStateMachine(config: config, restoring: restored)
        do {
            try requestLines(outputs: restored?.outputs ?? .safe, onEdge: onEdge)
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
        handle(.booted(inputs: levels), at: instant)
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

    /// Loads the persisted state and rebases it onto the monotonic time line.
    private func loadState(at instant: Instant) -> PumpState? {
        guard let store else { return nil }
        do {
            guard let saved = try store.load() else {
                logger.info("no saved state: starting in IDLE with every output safe")
                return nil
            }
            return saved.rebased(by: instant.seconds - environment.wallClock())
        } catch {
            logger.error("saved state unusable: starting in IDLE with every output safe", metadata: ["error": "\(error)"])
            return nil
        }
    }

    /// Handles one event at `instant` and performs the resulting actions.
    public func handle(_ event: PumpEvent, at instant: Instant) {
        now = instant
        for action in machine.handle(event, at: instant) {
            perform(action)
        }
    }

    /// Handles an MQTT message: parsed into an event, or logged and ignored if not for us.
    public func handleMessage(topic: String, payload: [UInt8], retained: Bool, at instant: Instant) {
        guard let event = InboundMessage.event(topic: topic, payload: payload, retained: retained, topics: topics) else {
            logger.debug("message on a topic firepump does not use", metadata: ["mqtt.topic": "\(topic)"])
            return
        }
        handle(event, at: instant)
    }

    /// The broker link came up: announce it and refresh the retained state.
    public func connected(at instant: Instant) {
        now = instant
        logger.info("MQTT connected")
        publishEvent(ReportedEvent("mqtt_connected"))
        publishState()
    }

    private func perform(_ action: PumpAction) {
        switch action {
        case .phaseChanged(let from, let to):
            logger.info("state changed", metadata: ["pump.from": "\(from.rawValue)", "pump.state": "\(to.rawValue)", "pump.run": "\(machine.state.run)"])
            onPhaseChange?(from, to)
            publishState()
        case .drive(let output, let on):
            drive(output, on)
        case .report(let event):
            log(event)
            publishEvent(event)
        case .publishHealth:
            publish(topics.telemetry, healthPayload(), retain: false)
        case .persist:
            persist()
        }
    }

    private func drive(_ output: Output, _ on: Bool) {
        let line = config.outputs[output].line
        do {
            try pins.set(line: line, active: on)
            logger.info("output", metadata: ["pin.output": "\(output.rawValue)", "pin.line": "\(line)", "pin.on": "\(on)"])
        } catch {
            logger.error("output write failed", metadata: ["pin.output": "\(output.rawValue)", "error": "\(error)"])
            publishEvent(ReportedEvent("gpio_operation_failed", [
                .init("pin", .number(Double(line))), .init("output", .string(output.rawValue)), .init("error", .string(error.description)),
            ]))
        }
    }

    private func persist() {
        guard let store else { return }
        do {
            try store.save(machine.state.rebased(by: environment.wallClock() - now.seconds))
        } catch {
            logger.error("cannot save the state", metadata: ["error": "\(error)"])
            publishEvent(ReportedEvent("state_save_failed", [.init("error", .string(error.description))]))
        }
    }

    private func log(_ event: ReportedEvent) {
        var metadata: Logger.Metadata = ["event": "\(event.name)"]
        for field in event.fields { metadata["event.\(field.key)"] = "\(field.value.serialized)" }
        switch event.name {
        case "error_state_entered", "dry_run_protection_triggered", "low_pressure_detected", "lockout_entered", "engine_start_failed":
            logger.critical("safety event", metadata: metadata)
        case _ where event.name.contains("refused") || event.name.contains("ignored") || event.name.contains("blocked")
            || event.name.contains("unknown") || event.name.contains("error"):
            logger.warning("refused", metadata: metadata)
        default:
            logger.info("event", metadata: metadata)
        }
    }

    func publish(_ topic: String, _ payload: JSONValue, retain: Bool) {
        transport?.publish(topic: topic, payload: Array(payload.serialized.utf8), retain: retain)
    }
}

extension PumpController {
    /// The broker link went down. Nothing in the pump changes (target §1.1); it is logged.
    public func disconnected(reason: String) {
        logger.warning("no MQTT connection (lost or refused); the pump carries on and the client keeps retrying", metadata: ["mqtt.reason": "\(reason)"])
    }
}
