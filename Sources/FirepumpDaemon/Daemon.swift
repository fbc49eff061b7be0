import FirepumpCore
import FirepumpHAL
import FirepumpMQTT
import FirepumpRuntime
import Logging
import ServiceLifecycle

/// The daemon as one service: pins, the controller loop and the broker link, started in that
/// order and stopped in reverse (electrical stop steps and the saved state first, then the
/// retained `offline` and a clean disconnect).
public struct Daemon: Service {
    private let config: PumpConfig
    private let host: String
    private let pins: any PinDriver
    private let topics: Topics
    private let mqtt: MosquittoClient
    private let keepRunningOnExit: Bool
    private let stateRuntimeDirectory: String?
    private let notifier: SystemdNotifier
    private let logger: Logger

    /// Prepares the MQTT client for already opened `pins`; nothing is driven yet.
    /// - Parameters:
    ///   - pins: the pin driver (libgpiod or the mock); the daemon releases its lines when it ends.
    ///   - keepRunningOnExit: on a graceful shutdown leave the outputs as they are (target §9).
    ///   - stateRuntimeDirectory: where the state's runtime copy goes (see ``FileStateStore``).
    /// - Throws: ``DaemonFailure`` when the client cannot be set up.
    public init(
        config: PumpConfig, pins: any PinDriver, host: String = hostName(), keepRunningOnExit: Bool = false,
        stateRuntimeDirectory: String? = FileStateStore.defaultRuntimeDirectory(), notifier: SystemdNotifier, logger: Logger
    ) throws(DaemonFailure) {
        self.config = config
        self.host = host
        self.pins = pins
        self.keepRunningOnExit = keepRunningOnExit
        self.stateRuntimeDirectory = stateRuntimeDirectory
        self.notifier = notifier
        self.logger = logger
        topics = Topics(config.mqtt, host: host)
        do {
            mqtt = try MosquittoClient(options: MQTTSettings.options(config.mqtt, host: host, topics: topics))
        } catch {
            throw DaemonFailure("cannot set up the MQTT client: \(error)")
        }
    }

    /// Runs until a graceful shutdown (SIGTERM/SIGINT through the service group) has completed
    /// the controller's stop steps.
    /// - Throws: ``DaemonFailure`` when the GPIO lines cannot be requested.
    public func run() async throws {
        let loop = ControllerLoop()
        let events = mqtt.events
        let bridge = Task {
            for await event in events {
                switch event {
                case .connected: loop.send(.mqttConnected)
                case .disconnected(let reason): loop.send(.mqttDisconnected(reason: reason))
                case .connectionFailed(let reason): loop.send(.mqttDisconnected(reason: "\(reason)"))
                case .message(let message):
                    loop.send(.message(topic: message.topic, payload: message.payload, retained: message.retain))
                }
            }
        }
        defer {
            bridge.cancel()
            // Whatever happened above, the lines go back to the kernel (outputs were driven to
            // their safe levels by the controller's stop steps, or never driven at all).
            pins.releaseAll()
        }
        let keepRunning = keepRunningOnExit
        try await withGracefulShutdownHandler {
            // The controller and its store are made here so that they never leave this task: the loop owns them.
            let store = FileStateStore(path: config.stateFile, runtimeDirectory: stateRuntimeDirectory, bootID: FileStateStore.currentBootID())
            for problem in store.primaryWriteProblems() {
                logger.error("STATE DIRECTORY NOT WRITABLE: every save lands in the runtime copy only, which a reboot loses", metadata: [
                    "path": "\(store.path)", "error": "\(problem)",
                ])
            }
            let controller = PumpController(
                config: config, pins: pins, transport: MQTTTelemetry(client: mqtt, logger: logger),
                store: store,
                environment: .init(
                    host: host, wallClock: wallClock, mockPins: pins is MockPinDriver,
                    logger: Logger(label: "firepump.controller")))
            do {
                try controller.start(at: loop.now, onEdge: loop.edgeSink)
            } catch {
                throw DaemonFailure("cannot request GPIO lines: \(error)")
            }
            notifier.ready()
            do {
                try mqtt.start()
            } catch {
                logger.error("MQTT client did not start; the pump runs without the broker", metadata: ["error": "\(error)"])
            }
            await loop.run(controller, heartbeatInterval: notifier.watchdogInterval) { [notifier] in notifier.watchdog() }
        } onGracefulShutdown: { [notifier] in
            notifier.stopping()
            loop.send(.event(.shutdown(keepRunning: keepRunning)))
        }
        mqtt.stop(finalMessage: MQTTSettings.availability(.offline, host: host, topic: topics.availability))
        logger.info("stopped")
    }
}
