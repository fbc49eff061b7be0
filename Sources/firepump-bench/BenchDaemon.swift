import FirepumpCore
import FirepumpDaemon
import FirepumpHAL
import Glibc
import Logging
import ServiceLifecycle

/// The daemon under test, in this process: the real ``Daemon`` (controller loop, libmosquitto
/// client, state file) over a ``MockPinDriver`` watched by a ``ValveProbe``, run by a
/// `ServiceGroup` as `firepump run` runs it.
struct BenchDaemon: Sendable {
    /// The daemon's topics.
    let topics: Topics
    /// Its main valve.
    let valve: ValveProbe
    private let group: ServiceGroup

    /// Prepares a daemon for mosquitto on 127.0.0.1:`port`, with its state in `stateFile`.
    ///
    /// Its host name, which names its topics, is `bench-<pid>`: the retained messages it leaves
    /// behind cannot be taken for those of another run or of `firepump run` on the same broker.
    init(port: Int, stateFile: String) throws {
        let host = "bench-\(getpid())"
        let config = try ConfigParser.parse(Self.settings(port: port, stateFile: stateFile)).config
        let pin = config.outputs[.mainValve]
        valve = ValveProbe(line: pin.line, activeLow: pin.activeLow)
        topics = Topics(config.mqtt, host: host)
        let logger = Logger(label: "firepump")
        let daemon = try Daemon(
            config: config, pins: MockPinDriver(onOutputChange: valve.onOutputChange), host: host,
            notifier: SystemdNotifier(environment: [:]), logger: logger)
        group = ServiceGroup(configuration: .init(services: [daemon], logger: logger))
    }

    /// The settings, as the environment would give them, that make a cycle short: a trigger
    /// opens the main valve at once (cranking would only begin after `PRE_OPEN_DELAY`, which no
    /// cycle reaches); `emergency_stop` closes it at once (`VALVE_CLOSE_DELAY=0`) and ends in
    /// LOCKOUT after the shortest ignition-off pulse; `reset` returns to IDLE.
    private static func settings(port: Int, stateFile: String) -> [String: String] {
        [
            "MQTT_BROKER": "127.0.0.1",
            "MQTT_PORT": "\(port)",
            "STATE_FILE": stateFile,
            "PRE_OPEN_DELAY": "60",
            "VALVE_CLOSE_DELAY": "0",
            "IGNITION_OFF_DURATION": "0.1",
        ]
    }

    /// Runs the daemon until ``shutDown()`` has let it finish its stop steps.
    func run() async throws {
        try await group.run()
    }

    /// Asks for a graceful shutdown, as SIGTERM does for `firepump run`.
    func shutDown() async {
        await group.triggerGracefulShutdown()
    }
}
