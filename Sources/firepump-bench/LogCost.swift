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
            let started = threadCPUTime()
            for run in 0..<lines {
                logger.info("state changed", metadata: ["pump.from": "IDLE", "pump.state": "PRIMING", "pump.run": "\(run)"])
            }
            let perLine = (threadCPUTime() - started) / lines
            return name + String(repeating: " ", count: max(1, 32 - name.count))
                + fixed(Double(perLine / .nanoseconds(1)) / 1000, decimals: 2) + " µs per line"
        }.joined(separator: "\n") + "\n(\(lines) lines each to /dev/null; CPU time of this thread, so other load does not count)"
    }

    /// CPU time this thread has used (`CLOCK_THREAD_CPUTIME_ID`), user and kernel.
    private static func threadCPUTime() -> Duration {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return .seconds(spec.tv_sec) + .nanoseconds(spec.tv_nsec)
    }
}
