import FirepumpLogging
import Glibc
import Logging

/// The cost of one log line as the controller writes them (a message and three metadata
/// values), with standard error on `/dev/null`: swift-log's `StreamLogHandler` (local time through
/// `localtime`, which re-checks `/etc/localtime` on every call) against ``FirepumpLogHandler``.
enum LogCost {
    /// Times `lines` lines with each handler; one result line each.
    static func run(lines: Int) throws(BenchFailure) -> String {
        let null = open("/dev/null", O_WRONLY)
        let saved = dup(STDERR_FILENO)
        guard null >= 0, saved >= 0, dup2(null, STDERR_FILENO) >= 0 else { throw BenchFailure.system("/dev/null as standard error") }
        defer {
            dup2(saved, STDERR_FILENO)
            close(saved)
            close(null)
        }
        let handlers: [(String, any LogHandler)] = [
            ("StreamLogHandler (swift-log)", StreamLogHandler.standardError(label: "firepump.controller")),
            ("FirepumpLogHandler timestamped", FirepumpLogHandler(label: "firepump.controller", format: .timestamped)),
            ("FirepumpLogHandler journal", FirepumpLogHandler(label: "firepump.controller", format: .journal)),
        ]
        return handlers.map { name, handler in
            let logger = Logger(label: "firepump.controller") { _ in handler }
            let started = ContinuousClock.now
            for run in 0..<lines {
                logger.info("state changed", metadata: ["pump.from": "IDLE", "pump.state": "PRIMING", "pump.run": "\(run)"])
            }
            let perLine = (ContinuousClock.now - started) / lines
            return name + String(repeating: " ", count: max(1, 32 - name.count))
                + fixed(Double(perLine / .nanoseconds(1)) / 1000, decimals: 2) + " µs per line"
        }.joined(separator: "\n") + "\n(\(lines) lines each to /dev/null)"
    }
}
