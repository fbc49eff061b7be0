import FirepumpCore

/// Times fire triggers from the broker to the main valve.
///
/// Each cycle starts from IDLE with the main valve closed: the timer starts just before the
/// trigger is handed to libmosquitto and stops in the mock pin driver's callback when the
/// controller opens the valve (both on `ContinuousClock`). The pump is then brought back with
/// `emergency_stop` (valve closed, LOCKOUT after the 0.1 s ignition-off pulse) and `reset`
/// (IDLE), each awaited on the valve or the state topic, never on a fixed sleep.
enum LatencyBenchmark {
    /// How long any one step may take before the benchmark gives up.
    private static let stepLimit: Duration = .seconds(10)

    /// What ended first among the benchmark's concurrent tasks.
    private enum Outcome: Sendable {
        case measured(LatencySummary)
        case daemonStopped
        case watchdogStopped
    }

    /// Starts the daemon, times `options.count` triggers and shuts the daemon down.
    static func run(_ options: BenchOptions) async throws -> LatencySummary {
        let port = options.port
        let stateDirectory = try StateDirectory()
        // The daemon writes into it until it has stopped.
        defer { withExtendedLifetime(stateDirectory) {} }
        let daemon = try BenchDaemon(port: port, stateFile: stateDirectory.path + "/state.json")
        let watchdog = StallWatchdog(limit: stepLimit)
        return try await withThrowingTaskGroup(of: Outcome.self) { tasks in
            tasks.addTask {
                try await daemon.run()
                return .daemonStopped
            }
            tasks.addTask {
                try await watchdog.watch()
                return .watchdogStopped
            }
            tasks.addTask {
                .measured(try await measure(count: options.count, daemon: daemon, port: port, watchdog: watchdog))
            }
            guard case .measured(let summary) = try await tasks.next() else {
                throw BenchFailure("the daemon stopped before the measurement was over")
            }
            watchdog.begin(.daemonStops)
            await daemon.shutDown()
            while let outcome = try await tasks.next() {
                if case .daemonStopped = outcome { break }
            }
            tasks.cancelAll()
            return summary
        }
    }

    /// The cycles themselves.
    private static func measure(count: Int, daemon: BenchDaemon, port: Int, watchdog: StallWatchdog) async throws -> LatencySummary {
        var valve = ValveWatcher(daemon.valve)
        var sensor = try TriggerSource(port: port, topics: daemon.topics)
        defer { sensor.stop() }
        var pump = try PumpOperator(port: port, topics: daemon.topics)
        defer { pump.stop() }
        try await sensor.waitUntilConnected()
        try await pump.waitFor(.idle)
        // The driver reports the level the controller requested the line with: closed.
        _ = try await valve.next(open: false)
        var samples: [Duration] = []
        samples.reserveCapacity(count)
        for sample in 1...count {
            watchdog.begin(.valveOpens, sample: sample)
            let published = ContinuousClock.now
            try sensor.trigger()
            samples.append(try await valve.next(open: true) - published)

            watchdog.begin(.valveCloses, sample: sample)
            try pump.send(.emergencyStop)
            _ = try await valve.next(open: false)
            watchdog.begin(.lockout, sample: sample)
            try await pump.waitFor(.lockout)
            watchdog.begin(.idle, sample: sample)
            try pump.send(.reset)
            try await pump.waitFor(.idle)
        }
        return LatencySummary(samples)
    }
}
