import FirepumpCore
import FirepumpGPIOD
import FirepumpHAL
import FirepumpMQTT
import FirepumpRuntime
import Glibc
import Logging
import ServiceLifecycle

/// The daemon as one service: pins, the controller loop and the broker link, started in that
/// order and stopped in reverse (electrical stop steps and the saved state first, then the
/// retained `offline` and a clean disconnect).
struct Daemon: Service {
    let config: PumpConfig
    let host: String
    let pins: any PinDriver
    let mqtt: MosquittoClient
    let keepRunningOnExit: Bool
    let notifier: SystemdNotifier
    let logger: Logger

    /// Opens the pins and prepares the MQTT client; nothing is driven yet.
    /// - Throws: ``CommandFailure`` with exit code 1 when the chip cannot be opened or the client
    ///   cannot be set up (never a silent fallback to the mock, reference C7).
    init(config: PumpConfig, mock: Bool, keepRunningOnExit: Bool, notifier: SystemdNotifier, logger: Logger) throws(CommandFailure) {
        self.config = config
        self.host = hostName()
        self.keepRunningOnExit = keepRunningOnExit
        self.notifier = notifier
        self.logger = logger
        if mock {
            let pinLogger = Logger(label: "firepump.mock-pins")
            pins = MockPinDriver(onOutputChange: { line, level in
                pinLogger.info("mock pin changed", metadata: ["pin.line": "\(line)", "pin.level": "\(level == .high ? "high" : "low")"])
            })
            logger.warning("MOCK MODE: pins are simulated in memory; the pump will NOT operate")
        } else {
            do {
                pins = try GPIODPinDriver(chip: config.gpioChip)
            } catch {
                throw CommandFailure("cannot open GPIO chip: \(error) (use --mock to run without hardware)", exitCode: 1)
            }
        }
        let topics = Topics(config.mqtt, host: host)
        do {
            mqtt = try MosquittoClient(options: MQTTSettings.options(config.mqtt, host: host, topics: topics))
        } catch {
            throw CommandFailure("cannot set up the MQTT client: \(error)", exitCode: 1)
        }
    }

    func run() async throws {
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
                throw CommandFailure("cannot request GPIO lines: \(error)", exitCode: 1)
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
        mqtt.stop(finalMessage: MQTTSettings.availability(.offline, host: host, topic: Topics(config.mqtt, host: host).availability))
        logger.info("stopped")
    }
}

/// Unix epoch seconds.
@Sendable func wallClock() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_REALTIME, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}
