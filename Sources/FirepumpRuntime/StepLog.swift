import FirepumpLogging
import Logging

/// The log lines of one controller step, held until the step's messages have been published, so
/// a trigger's first event leaves before the step formats and writes its lines. They are logged
/// in the order they were added, within the same step (before the state's durable save), and
/// written together.
struct StepLog {
    private typealias Line = (level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata)
    private var lines: [Line] = []
    private let logger: Logger

    init(_ logger: Logger) {
        self.logger = logger
    }

    /// Keeps a line for ``emit()``; a line below the logger's level is dropped here.
    mutating func add(_ level: Logger.Level, _ message: Logger.Message, _ metadata: @autoclosure () -> Logger.Metadata) {
        guard level >= logger.logLevel else { return }
        lines.append((level, message, metadata()))
    }

    /// Logs the kept lines in order, written together (``LogBatch``), and forgets them.
    mutating func emit() {
        guard !lines.isEmpty else { return }
        LogBatch.together {
            for line in lines { logger.log(level: line.level, line.message, metadata: line.metadata) }
        }
        lines.removeAll()
    }
}
