import FirepumpCore
import FirepumpDaemon
import FirepumpHAL
import FirepumpMQTT
import FirepumpSettings
import FirepumpTestSupport
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// The real ``Daemon`` running in this process inside a `ServiceGroup`, as `firepump run --mock`
/// runs it, on a ``MockPinDriver`` whose lines the test reads, with its state file in a fresh
/// temporary directory. Stop it with ``stop(within:)`` (or use ``withDaemon(port:settings:_:)``).
final class DaemonUnderTest: Sendable {
    /// The daemon's pins: every relay line change is in `history`, stamped with ``now``.
    let pins: MockPinDriver
    /// Where a test reports pin-driver faults (a dead edge reader) as a real driver would.
    let pinFaults = PinFaultRelay()
    let config: DaemonConfig
    /// The host name in topics and telemetry, unique to this daemon.
    let host: String
    let topics: Topics
    /// Holds the state file and (in `run/`) its runtime copy.
    let directory: TemporaryDirectory
    private let group: ServiceGroup
    private let outcome = Mutex<Result<Void, any Error>?>(nil)
    private let origin: ContinuousClock.Instant

    /// Settings every test daemon gets: the broker on 127.0.0.1:`port`, a unique client id, and
    /// a short ignition-off pulse so that a shutdown during a run is quick. PRIMING is held for
    /// 60 s so a test can look at it; tests that need the run to move on say so.
    static func baseSettings(port: Int, stateFile: String) -> [String: String] {
        [
            "MQTT_BROKER": "127.0.0.1", "MQTT_PORT": "\(port)",
            "MQTT_CLIENT_ID": "firepump-test-\(UUID().uuidString.prefix(8))",
            "STATE_FILE": stateFile, "PRE_OPEN_DELAY": "60", "IGNITION_OFF_DURATION": "0.2",
        ]
    }

    /// Parses `settings` over ``baseSettings(port:stateFile:)`` and starts the daemon.
    /// `onMessage` sees each message on the daemon's MQTT network thread as it arrives, with the
    /// time on this daemon's clock (``now``). A failed MQTT client set-up is retried after `mqttSetUpRetry`.
    init(
        port: Int, settings: [String: String] = [:], mqttSetUpRetry: Duration = .seconds(30),
        onMessage: @escaping @Sendable (MQTTMessage, Double) -> Void = { _, _ in }
    ) throws {
        directory = try TemporaryDirectory(prefix: "daemon")
        let values = Self.baseSettings(port: port, stateFile: directory.path + "/state.json")
            .merging(settings) { _, test in test }
        config = try DaemonSettings.parse(values).config
        host = "pump-\(UUID().uuidString.prefix(8).lowercased())"
        topics = Topics(config.mqtt, host: host)
        let origin = ContinuousClock.now
        self.origin = origin
        pins = MockPinDriver(timeSource: { seconds(ContinuousClock.now - origin) })
        let daemon = Daemon(
            config: config, pins: pins, host: host, stateRuntimeDirectory: directory.path + "/run", notifier: SystemdNotifier(environment: [:]),
            logger: Logger(label: "firepump-test.\(host)"), mqttSetUpRetry: mqttSetUpRetry,
            onMessage: { message in onMessage(message, seconds(ContinuousClock.now - origin)) }, pinFaults: pinFaults)
        group = ServiceGroup(configuration: .init(services: [daemon], logger: Logger(label: "firepump-test.group")))
        Task { [self] in
            do {
                try await group.run()
                outcome.withLock { $0 = .success(()) }
            } catch {
                outcome.withLock { $0 = .failure(error) }
            }
        }
    }

    /// Seconds since this daemon was made: the time stamped on pin changes.
    var now: Double { seconds(ContinuousClock.now - origin) }

    /// Whether the daemon's `run` has returned (or thrown).
    var hasEnded: Bool { outcome.withLock { $0 != nil } }

    /// The line an output is wired to.
    func line(_ output: Output) -> Int { config.pump.outputs[output].line }

    /// Whether an output is driven active (every test output is active-high).
    func isOn(_ output: Output) -> Bool { pins.electricalLevel(line: line(output)) == .high }

    /// The outputs driven active now.
    var outputsOn: Set<Output> { Set(Output.allCases.filter(isOn)) }

    /// The recorded changes of one output, oldest first.
    func changes(of output: Output) -> [MockPinDriver.LevelChange] {
        pins.history.filter { $0.line == line(output) }
    }

    /// Waits until exactly `expected` outputs are on.
    func waitForOutputs(_ expected: Set<Output>, within timeout: Duration = .seconds(10)) async throws {
        try await waitUntil("outputs \(expected.map(\.rawValue).sorted())", within: timeout, context: { self.pinReport }) {
            self.outputsOn == expected
        }
    }

    /// The pin history, for failure messages.
    var pinReport: String {
        pins.history.map { change in
            let name = Output.allCases.first { self.line($0) == change.line }?.rawValue ?? "line \(change.line)"
            let time = (change.time * 1000).rounded() / 1000
            return "  \(time) s \(name) \(change.level == .high ? "on" : "off")"
        }.joined(separator: "\n")
    }

    /// Asks for a graceful shutdown (as SIGTERM does) and waits until `run` has returned.
    /// Rethrows what `run` threw.
    func stop(within timeout: Duration = .seconds(15)) async throws {
        await group.triggerGracefulShutdown()
        try await waitUntil("the daemon to stop", within: timeout) { self.hasEnded }
        try outcome.withLock { $0 }?.get()
    }
}

/// Runs `body` with a started daemon of the broker on `port`, and always stops the daemon
/// afterwards, also when `body` throws.
@discardableResult
func withDaemon<Result>(
    port: Int, settings: [String: String] = [:], _ body: (DaemonUnderTest) async throws -> Result
) async throws -> Result {
    let daemon = try DaemonUnderTest(port: port, settings: settings)
    let result: Result
    do {
        result = try await body(daemon)
    } catch {
        try? await daemon.stop()
        throw error
    }
    try await daemon.stop()
    return result
}
