import ArgumentParser
import FirepumpCore
import FirepumpDaemon
import FirepumpHAL
import FirepumpLogging
import FirepumpSettings
import Logging
import ServiceLifecycle
import UnixSignals

/// `firepump run`: the daemon.
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the pump controller: MQTT in and out, pins through libgpiod (or the mock).",
        discussion: """
            Settings come from the defaults, then --config, then the environment (which wins).
            Exit status: 0 after a clean shutdown, 2 for bad configuration (the message names the \
            setting), 1 for a runtime failure (e.g. a GPIO line that cannot be had). SIGTERM and \
            SIGINT stop it gracefully; SIGUSR2 hands a run over to the next process (what \
            `firepump stop-request` asks for during `systemctl restart`); SIGHUP is logged and \
            ignored (settings are not reloaded).
            """
    )

    @OptionGroup var settings: SettingsOptions

    @Flag(help: "Use the in-memory pin driver instead of hardware (never a silent fallback).")
    var mock = false

    @Option(help: "Where the state is persisted (overrides STATE_FILE).")
    var stateFile: String?

    @Option(help: "trace, debug, info, notice, warning, error or critical (overrides LOG_LEVEL).")
    var logLevel: String?

    @Flag(help: "Make SIGTERM/SIGINT a handover like SIGUSR2: outputs left as they are, the next start resumes the run.")
    var keepRunningOnExit = false

    func run() async throws {
        let environment = processEnvironment()
        var overrides: [String: String] = [:]
        overrides["STATE_FILE"] = stateFile
        overrides["LOG_LEVEL"] = logLevel
        let loaded = try settings.load(environment: environment, overrides: overrides)
        let format = LogFormat.forStandardError(environment: environment)
        LoggingSystem.bootstrap { label in
            var handler = FirepumpLogHandler(label: label, format: format)
            handler.logLevel = Logger.Level(loaded.config.logLevel)
            return handler
        }
        let logger = Logger(label: "firepump")
        for note in loaded.notes { logger.warning("\(note)") }
        let hangUps = HangUpIgnorer(signals: await UnixSignalsSequence(trapping: .sighup), logger: logger)
        let handoverSignals = await UnixSignalsSequence(trapping: .sigusr2)
        do {
            try DaemonPreflight.check(loaded.config)
            let pinFaults = PinFaultRelay()
            let pins = try PinSelection.open(loaded.config, mock: mock || loaded.config.mockGPIO, faults: pinFaults, logger: logger)
            let daemon = Daemon(
                config: loaded.config, pins: pins, keepRunningOnExit: keepRunningOnExit,
                notifier: SystemdNotifier(environment: environment), logger: logger, pinFaults: pinFaults)
            let group = ServiceGroup(
                configuration: .init(
                    services: [
                        .init(service: hangUps, successTerminationBehavior: .ignore),
                        .init(service: HandoverListener(signals: handoverSignals, daemon: daemon, logger: logger), successTerminationBehavior: .ignore),
                        // It returns after a graceful shutdown or a handover; either way the rest follows it.
                        .init(service: daemon, successTerminationBehavior: .gracefullyShutdownGroup),
                    ],
                    gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
            try await group.run()
        } catch {
            logger.critical("\(error)")
            throw ExitCode((error as? CommandFailure)?.exitCode ?? 1)
        }
    }
}

extension Logger.Level {
    /// The swift-log level of the same name.
    init(_ threshold: LogThreshold) {
        switch threshold {
        case .trace: self = .trace
        case .debug: self = .debug
        case .info: self = .info
        case .notice: self = .notice
        case .warning: self = .warning
        case .error: self = .error
        case .critical: self = .critical
        }
    }
}
