/// The command line of `firepump-bench`, parsed by hand.
enum BenchMode {
    /// Drive the daemon: `--port`, `--pid`, `--host`, `--count`, `--gap-ms`.
    case cycles(BenchOptions)
    /// Time log lines: `--log-lines N`.
    case logCost(lines: Int)
}

/// What the cycle benchmark needs to find and drive the daemon.
struct BenchOptions {
    /// The TCP port of the mosquitto listening on 127.0.0.1 (scripts/bench starts it).
    var port: Int
    /// The process id of the running `firepump run --mock`.
    var pid: Int32
    /// Its host name, which names its retained state topic.
    var host: String
    /// How many cycles to run.
    var count: Int
    /// The pause after each cycle, so that every trigger finds the daemon at rest.
    var gap: Duration

    static let usage = """
        usage: firepump-bench --port N --pid N --host NAME [--count N] [--gap-ms N]
               firepump-bench --log-lines N
          --port N       mosquitto listening on 127.0.0.1:N (scripts/bench starts one)
          --pid N        the process id of `firepump run --mock` on that broker
          --host NAME    its host name (its state topic is system/trigger_telemetry/NAME/state)
          --count N      cycles of trigger, stop, reset (default: 200)
          --gap-ms N     rest after each cycle, in milliseconds (default: 20)
          --log-lines N  instead: time N log lines with each log handler
        """

    /// Reads `arguments` (without the program name).
    /// - Throws: ``UsageError`` for an unknown option, a missing option or value, or a value out of range.
    static func parse(_ arguments: [String]) throws(UsageError) -> BenchMode {
        var port: Int?
        var pid: Int?
        var host: String?
        var count = 200
        var gap = 20
        var logLines: Int?
        var remaining = arguments[...]
        while let option = remaining.popFirst() {
            switch option {
            case "--port": port = try integer(after: option, from: &remaining, in: 1...65535)
            case "--pid": pid = try integer(after: option, from: &remaining, in: 1...Int(Int32.max))
            case "--host": host = try value(after: option, from: &remaining)
            case "--count": count = try integer(after: option, from: &remaining, in: 1...1_000_000)
            case "--gap-ms": gap = try integer(after: option, from: &remaining, in: 0...10_000)
            case "--log-lines": logLines = try integer(after: option, from: &remaining, in: 1...100_000_000)
            case "-h", "--help": throw UsageError(message: nil)
            default: throw UsageError(message: "unknown argument '\(option)'")
            }
        }
        if let logLines { return .logCost(lines: logLines) }
        guard let port, let pid, let host else { throw UsageError(message: "--port, --pid and --host are required") }
        return .cycles(BenchOptions(port: port, pid: Int32(pid), host: host, count: count, gap: .milliseconds(gap)))
    }

    private static func value(after option: String, from remaining: inout ArraySlice<String>) throws(UsageError) -> String {
        guard let text = remaining.popFirst() else { throw UsageError(message: "\(option) needs a value") }
        return text
    }

    private static func integer(
        after option: String, from remaining: inout ArraySlice<String>, in range: ClosedRange<Int>
    ) throws(UsageError) -> Int {
        let text = try value(after: option, from: &remaining)
        guard let value = Int(text), range.contains(value) else {
            throw UsageError(message: "\(option) \(text): must be a whole number in \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }
}

/// A command line `firepump-bench` cannot run with; `message` is `nil` when help was asked for.
struct UsageError: Error {
    var message: String?
}
