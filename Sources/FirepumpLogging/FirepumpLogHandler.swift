import Glibc
import Logging

/// firepump's `LogHandler`: one `write(2)` per record (or per ``LogBatch``), no time-zone work per line.
///
/// In ``LogFormat/timestamped`` each line starts with a UTC timestamp; under systemd
/// (``LogFormat/journal``) it starts with the journald priority instead and journald stamps it.
/// Metadata is printed as `key=value` pairs before the message.
public struct FirepumpLogHandler: LogHandler {
    /// Where rendered lines go; each call gets exactly one line, newline included.
    public typealias Sink = @Sendable (String) -> Void

    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]

    private let label: String
    private let format: LogFormat
    private let clock: @Sendable () -> WallTime
    private let sink: Sink

    /// A handler for the logger `label`, writing `format` lines to `sink` stamped by `clock`.
    public init(
        label: String, format: LogFormat, clock: @escaping @Sendable () -> WallTime = WallTime.now,
        sink: @escaping Sink = FirepumpLogHandler.standardError
    ) {
        self.label = label
        self.format = format
        self.clock = clock
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = event.metadata ?? [:]
        if !metadata.isEmpty { merged.merge(metadata) { explicit, _ in explicit } }
        if let error = event.error { merged["error"] = "\(error)" }
        let time = format == .timestamped ? clock() : WallTime(seconds: 0, nanoseconds: 0)
        sink(LogLine.render(format: format, level: event.level, label: label, message: event.message.description, metadata: merged, at: time))
    }

    /// Writes the line to file descriptor 2 in one `write(2)` (lines from different threads never
    /// interleave), or, inside ``LogBatch/together(_:)``, with the other lines of the batch.
    public static let standardError: Sink = { line in
        if LogBatch.take(line) { return }
        var line = line
        line.withUTF8(writeToStandardError)
    }

    /// Writes `bytes` to file descriptor 2, retrying a partial or interrupted write.
    static func writeToStandardError(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let start = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            let written = write(STDERR_FILENO, start + offset, bytes.count - offset)
            if written > 0 {
                offset += written
            } else if written < 0, errno == EINTR {
                continue
            } else {
                return
            }
        }
    }
}
