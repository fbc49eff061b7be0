/// The command line of `firepump-bench`, parsed by hand: `--port N` and `--count N`.
struct BenchOptions: Sendable {
    /// The TCP port of the mosquitto listening on 127.0.0.1 (scripts/bench starts it).
    var port: Int
    /// How many triggers to time.
    var count: Int

    static let usage = """
        usage: firepump-bench --port N [--count N]
          --port N   mosquitto listening on 127.0.0.1:N (scripts/bench starts one)
          --count N  triggers to time, each from IDLE (default: 1000)
        """

    /// Reads `arguments` (without the program name).
    /// - Throws: ``UsageError`` for an unknown option, a missing `--port`, a missing value or a value
    ///   out of range.
    static func parse(_ arguments: [String]) throws(UsageError) -> BenchOptions {
        var port: Int?
        var count = 1000
        var remaining = arguments[...]
        while let option = remaining.popFirst() {
            switch option {
            case "--port": port = try integer(after: option, from: &remaining, in: 1...65535)
            case "--count": count = try integer(after: option, from: &remaining, in: 1...1_000_000)
            case "-h", "--help": throw UsageError(message: nil)
            default: throw UsageError(message: "unknown argument '\(option)'")
            }
        }
        guard let port else { throw UsageError(message: "--port is required") }
        return BenchOptions(port: port, count: count)
    }

    private static func integer(
        after option: String, from remaining: inout ArraySlice<String>, in range: ClosedRange<Int>
    ) throws(UsageError) -> Int {
        guard let text = remaining.popFirst() else { throw UsageError(message: "\(option) needs a value") }
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
