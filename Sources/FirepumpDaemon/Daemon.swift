import FirepumpCore
import FirepumpHAL
import FirepumpMQTT
import FirepumpRuntime
import FirepumpSettings
import Logging
import ServiceLifecycle
import Synchronization

/// The daemon as one service: pins and the controller loop first, then the broker link, and in
/// reverse on the way out (electrical stop steps and the saved state first, then the retained
/// `offline` and a clean disconnect). The broker link is best effort: if its client cannot be set
/// up, the pump is supervised all the same and the set-up is retried (issue 12 item 3).
public struct Daemon: Service {
    private let config: DaemonConfig
    private let host: String
    private let pins: any PinDriver
    private let topics: Topics
    private let keepRunningOnExit: Bool
    private let stateRuntimeDirectory: String?
    private let notifier: SystemdNotifier
    private let logger: Logger
    private let mqttSetUpRetry: Duration
    private let onMessage: @Sendable (MQTTMessage) -> Void
    private let pinFaults: PinFaultRelay
    private let machineID: String?
    private let loop: ControllerLoop

    /// A daemon for already opened `pins`; nothing is driven and nothing connects until `run`.
    /// - Parameters:
    ///   - pins: the pin driver (libgpiod or the mock); the daemon releases its lines when it ends.
    ///   - machineID: makes the default client id unique per machine (``MQTTSettings/defaultClientID(host:machineID:)``).
    ///   - keepRunningOnExit: on a graceful shutdown leave the outputs as they are (target §9).
    ///   - stateRuntimeDirectory: where the state's runtime copy goes (see ``FileStateStore``).
    ///   - mqttSetUpRetry: how long after a failed MQTT client set-up it is tried again.
    ///   - onMessage: called on the MQTT network thread with each message as it arrives, before
    ///     it is queued for the controller (for measurements; must not block).
    ///   - pinFaults: where the pin driver reports a reader that stopped; each becomes a lost input.
    public init(
        config: DaemonConfig, pins: any PinDriver, host: String = hostName(), machineID: String? = readMachineID(),
        keepRunningOnExit: Bool = false,
        stateRuntimeDirectory: String? = FileStateStore.defaultRuntimeDirectory(), notifier: SystemdNotifier, logger: Logger,
        mqttSetUpRetry: Duration = .seconds(30), onMessage: @escaping @Sendable (MQTTMessage) -> Void = { _ in },
        pinFaults: PinFaultRelay = PinFaultRelay()
    ) {
        self.pinFaults = pinFaults
        self.machineID = machineID
        self.config = config
        self.host = host
        self.pins = pins
        self.keepRunningOnExit = keepRunningOnExit
        self.stateRuntimeDirectory = stateRuntimeDirectory
        self.notifier = notifier
        self.logger = logger
        self.mqttSetUpRetry = mqttSetUpRetry
        self.onMessage = onMessage
        topics = Topics(config.mqtt, host: host)
        loop = ControllerLoop(topics: topics, logger: logger)
    }

    /// Asks the running daemon to hand the run over to the next process (SIGUSR2, sent by
    /// `firepump stop-request` during `systemctl restart`): the state is saved, the outputs are
    /// left exactly as they are and ``run()`` returns, without the stop steps. If the state
    /// cannot be saved anywhere, the run is stopped safely instead. Safe from any thread; a
    /// request made before ``run()`` starts is handled right after the state is resumed.
    public func requestHandover() {
        notifier.stopping()
        loop.send(.event(.shutdown(keepRunning: true)))
    }

    /// Runs until a graceful shutdown (SIGTERM/SIGINT through the service group) has completed
    /// the controller's stop steps, or until a handover (``requestHandover()``) has saved the state.
    /// - Throws: ``DaemonFailure`` when the GPIO lines cannot be requested.
    public func run() async throws {
        let loop = loop
        let announcer = homeAssistantAnnouncer()
        let link = brokerLink(feeding: loop, announcer: announcer)
        announcer?.publish(through: link)
        defer {
            // Whatever happened below, the lines go back to the kernel, as late as possible: driven
            // to their safe levels by the controller's stop steps, never driven at all, or (after a
            // handover) left as they are for the next process to request at the same levels.
            pins.releaseAll()
        }
        let keepRunning = keepRunningOnExit
        try await withGracefulShutdownHandler {
            // Made here so that they are handed whole to the loop's thread, which owns them from then on.
            let store = FileStateStore(path: config.stateFile, runtimeDirectory: stateRuntimeDirectory, bootID: FileStateStore.currentBootID())
            for problem in store.primaryWriteProblems() {
                logger.error("STATE DIRECTORY NOT WRITABLE: every save lands in the runtime copy only, which a reboot loses", metadata: [
                    "path": "\(store.path)", "error": "\(problem)",
                ])
            }
            let controller = PumpController(
                config: config.pump, topics: topics, pins: pins, transport: MQTTTelemetry(link: link, logger: logger),
                store: store, history: FileHistoryStore(path: config.historyPath),
                environment: .init(
                    host: host, wallClock: wallClock, mockPins: pins is MockPinDriver,
                    logger: Logger(label: "firepump.controller"), clockSynchronized: SystemClockStatus.isSynchronized,
                    utcOffset: LocalTimeZone.utcOffset))
            do {
                try controller.start(at: loop.now, onEdge: loop.edgeSink)
            } catch {
                throw DaemonFailure("cannot request GPIO lines: \(error)")
            }
            let inputsByLine = Dictionary(InputRole.allCases.compactMap { role in config.pump.inputs[role].line.map { ($0, role) } }) { first, _ in first }
            pinFaults.connect { [logger] error in
                guard let line = error.line, let role = inputsByLine[line] else {
                    logger.error("GPIO edge reader", metadata: ["error": "\(error)"])
                    return
                }
                loop.send(.event(.inputLost(role, error: error.description)))
            }
            notifier.ready()
            let watchdogInterval = notifier.watchdogInterval?.inSeconds
            await loop.runOnOwnThread(controller) { [notifier] now in
                // Idle turns come at least this often, proof that the loop turns.
                let nextPing = watchdogInterval.map { interval in
                    notifier.watchdog()
                    return now + interval
                }
                let nextSetUp = link.setUpIfDue(at: now)
                return [nextPing, nextSetUp].compactMap { $0 }.min()
            }
        } onGracefulShutdown: { [notifier] in
            notifier.stopping()
            loop.send(.event(.shutdown(keepRunning: keepRunning)))
        }
        link.stop(finalMessage: MQTTSettings.availability(.offline, host: host, topic: topics.availability))
        logger.info("stopped")
    }

    /// The Home Assistant discovery of this controller (nil with `HA_DISCOVERY=false`: then
    /// nothing is published under the discovery prefix, not even a clearing).
    private func homeAssistantAnnouncer() -> HomeAssistantAnnouncer? {
        let homeAssistant = config.mqtt.homeAssistant
        guard homeAssistant.discovery else { return nil }
        let clientID = MQTTSettings.clientID(config.mqtt, host: host, machineID: machineID)
        let discovery = HomeAssistantDiscovery(config: config, topics: topics, clientID: clientID, host: host)
        return HomeAssistantAnnouncer(discovery: discovery, statusTopic: homeAssistant.statusTopic, logger: logger)
    }

    /// The broker link, whose client events go straight into `loop`'s inbox from the network
    /// thread; Home Assistant's status messages and the announcements after a connect are
    /// handled there by `announcer`. Messages are only queued there, inside libmosquitto's
    /// callback; after the pass the network thread handles them itself while the loop's thread
    /// idles (``ControllerLoop/handleQueued()``), so a trigger's first event leaves with no
    /// thread hand-off.
    private func brokerLink(feeding loop: ControllerLoop, announcer: HomeAssistantAnnouncer?) -> BrokerLink {
        let options = MQTTSettings.options(config.mqtt, host: host, machineID: machineID, topics: topics)
        let takeovers = Mutex(SessionTakeoverWatch())
        let clientID = options.clientID
        let companion = MQTTSettings.serviceAvailabilityOptions(options, topics: topics)
        return BrokerLink(options: options, companion: companion, retryInterval: mqttSetUpRetry, logger: logger) { [logger, onMessage] event in
            switch event {
            case .message(let message):
                onMessage(message)
                if announcer?.consume(message) == true { return }
                loop.queue(.message(topic: message.topic, payload: message.payload, retained: message.retain))
            case .connected:
                let now = loop.now
                takeovers.withLock { $0.connected(at: now) }
                announcer?.connected()
                loop.send(.mqttConnected)
            case .disconnected(let reason):
                let now = loop.now
                if let streak = takeovers.withLock({ $0.disconnected(at: now) }) {
                    logger.warning(
                        "the broker keeps dropping this client soon after each connect: another client is probably using the same client id; give each controller its own MQTT_CLIENT_ID",
                        metadata: ["mqtt.client_id": "\(clientID)", "mqtt.short_connections": "\(streak)"])
                }
                loop.send(.mqttDisconnected(reason: reason))
            case .connectionFailed(let error):
                loop.send(.mqttDisconnected(reason: "\(error)"))
            }
        } afterPass: {
            loop.handleQueued()
        }
    }
}

extension Daemon: CustomStringConvertible {
    /// How the service group names the daemon in its log: the host and the broker, never the
    /// settings (the default description printed the MQTT password, issue 12 item 7).
    public var description: String { "firepump(\(host) via \(config.mqtt.broker):\(config.mqtt.port))" }
}
