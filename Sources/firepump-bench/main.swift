import Glibc

// `firepump-bench`: drives a running `firepump run --mock` from outside over a real mosquitto and
// prints its figures against the targets of issue 11 (scripts/bench starts the broker and the
// daemon); or, with --log-lines, the cost of one log line per log handler.

let mode: BenchMode
do {
    mode = try BenchOptions.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    guard let message = error.message else {
        print(BenchOptions.usage)
        exit(0)
    }
    printError("firepump-bench: \(message)\n\(BenchOptions.usage)")
    exit(2)
}

do {
    switch mode {
    case .cycles(let options):
        var figures = try CycleBenchmark.run(options)
        figures.floor = try BrokerFloor.run(port: options.port, count: options.count, gap: options.gap)
        print(figures.report)
    case .logCost(let lines): print(try LogCost.run(lines: lines))
    }
} catch {
    printError("firepump-bench: \(error)")
    exit(1)
}
