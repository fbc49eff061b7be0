import Logging

/// One record rendered as one line: the prefix of its ``LogFormat``, the label, the metadata as
/// `key=value` pairs sorted by key, and the message last (the order of swift-log's
/// `StreamLogHandler`, without its `[module]`, so that what reads the log today still matches).
///
/// Control characters (a newline in an error text) are escaped, so a record never spans two
/// lines: journald would take the second for a record of its own, at the default priority.
enum LogLine {
    static func render(
        format: LogFormat, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata, at time: WallTime
    ) -> String {
        var line = ""
        line.reserveCapacity(128)
        switch format {
        case .timestamped:
            time.appendUTC(to: &line)
            line += " "
            line += level.rawValue
            line += " "
        case .journal:
            line += "<"
            line += String(level.journalPriority)
            line += ">"
        }
        line += label
        line += ":"
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            line += " "
            line += key
            line += "="
            appendValue(value, to: &line)
        }
        line += " "
        appendEscaped(message, to: &line)
        line += "\n"
        return line
    }

    /// Strings bare unless they hold a space, quote, `=` or nothing; then quoted.
    private static func appendValue(_ value: Logger.MetadataValue, to line: inout String) {
        let text: String
        switch value {
        case .string(let string): text = string
        case .stringConvertible(let convertible): text = convertible.description
        case .array, .dictionary: text = value.description
        }
        let needsQuotes = text.isEmpty || text.utf8.contains { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "=") }
        guard needsQuotes else {
            appendEscaped(text, to: &line)
            return
        }
        line += "\""
        appendEscaped(text, quoted: true, to: &line)
        line += "\""
    }

    /// Control characters as `\n`, `\r`, `\t` or `\u{…}`; inside quotes also `"` and `\`.
    private static func appendEscaped(_ text: String, quoted: Bool = false, to line: inout String) {
        let special = text.utf8.contains { $0 < 0x20 || (quoted && ($0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\"))) }
        guard special else {
            line += text
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"" where quoted: line += "\\\""
            case "\\" where quoted: line += "\\\\"
            case "\n": line += "\\n"
            case "\r": line += "\\r"
            case "\t": line += "\\t"
            case _ where scalar.value < 0x20: line += "\\u{\(String(scalar.value, radix: 16))}"
            default: line.unicodeScalars.append(scalar)
            }
        }
    }
}

extension Logger.Level {
    /// The syslog priority journald reads from a `<N>` prefix (sd-daemon(3)): `SD_CRIT` (2) for
    /// critical, `SD_ERR` (3), `SD_WARNING` (4), `SD_NOTICE` (5), `SD_INFO` (6), and `SD_DEBUG`
    /// (7) for debug and trace.
    public var journalPriority: Int {
        switch self {
        case .critical: 2
        case .error: 3
        case .warning: 4
        case .notice: 5
        case .info: 6
        case .debug, .trace: 7
        }
    }
}
