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
    private let notifier: SystemdNotifier
    private let logger: Logger

    /// Prepares the MQTT client for already opened `pins`; nothing is driven yet.
    /// - Parameters:
    ///   - pins: the pin driver (libgpiod or the mock); the daemon releases its lines when it ends.
    ///   - machineID: makes the default client id unique per machine (``MQTTSettings/defaultClientID(host:machineID:)``).
    ///   - keepRunningOnExit: on a graceful shutdown leave the outputs as they are (target §9).
    /// - Throws: ``DaemonFailure`` when the client cannot be set up.
    public init(
        config: PumpConfig, pins: any PinDriver, host: String = hostName(), machineID: String? = readMachineID(),
        keepRunningOnExit: Bool = false, notifier: SystemdNotifier, logger: Logger
    ) throws(DaemonFailure) {
        self.config = config
        self.host = host
        self.pins = pins
        self.keepRunningOnExit = keepRunningOnExit
        self.notifier = notifier
        self.logger = logger
        topics = Topics(config.mqtt, host: host)
        do {
            mqtt = try MosquittoClient(options: MQTTSettings.options(config.mqtt, host: host, machineID: machineID, topics: topics))
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
            // The controller is made here so that it never leaves this task: the loop owns it.
            let controller = PumpController(
                config: config, pins: pins, transport: MQTTTelemetry(client: mqtt, logger: logger),
                store: FileStateStore(path: config.stateFile),
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

extension Daemon: CustomStringConvertible {
    /// How the service group names the daemon in its log: the host and the broker, never the
    /// settings (the default description printed the MQTT password, issue 12 item 7).
    public var description: String { "firepump(\(host) via \(config.mqtt.broker):\(config.mqtt.port))" }
}
