import Glibc
import Logging

// `firepump-bench`: the time from a fire trigger published to a real mosquitto until the main
// valve output changes, measured on the daemon running in this process over the mock pin driver.
// Prints one parseable line: `latency_ms median=… p99=… min=… max=… n=…`.

let options: BenchOptions
do {
    options = try BenchOptions.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    guard let message = error.message else {
        print(BenchOptions.usage)
        exit(0)
    }
    printError("firepump-bench: \(message)\n\(BenchOptions.usage)")
    exit(2)
}

// Warnings and above only, as a production daemon would log: the figures are the controller's,
// not the log's.
LoggingSystem.bootstrap { label in
    var handler = StreamLogHandler.standardError(label: label)
    handler.logLevel = .warning
    return handler
}

do {
    let summary = try await LatencyBenchmark.run(options)
    print(summary.line)
} catch {
    printError("firepump-bench: \(error)")
    exit(1)
}
