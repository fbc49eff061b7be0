/// Reads `KEY=value` files as systemd's `EnvironmentFile=` and Docker's `--env-file` do:
/// one assignment per line, `#` comments and blank lines skipped, an optional `export ` prefix,
/// and a value optionally wrapped in matching single or double quotes.
public enum EnvFile {
    /// A line that is not an assignment.
    public struct SyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
        public var line: Int
        public var text: String
        public var description: String { "line \(line): expected KEY=value, got \"\(text)\"" }
    }

    /// The assignments in `text`; a later assignment of a key wins.
    public static func parse(_ text: String) throws(SyntaxError) -> [String: String] {
        var values: [String: String] = [:]
        // `isNewline`, not "\n": in Swift "\r\n" is one Character, so files with CRLF endings split too.
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            var line = String(rawLine).trimmed
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = String(line.dropFirst("export ".count)).trimmed }
            guard let equals = line.firstIndex(of: "="), equals != line.startIndex else {
                throw SyntaxError(line: index + 1, text: String(rawLine))
            }
            let key = String(line[..<equals]).trimmed
            guard key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw SyntaxError(line: index + 1, text: String(rawLine))
            }
            values[key] = unquote(String(line[line.index(after: equals)...]).trimmed)
        }
        return values
    }

    private static func unquote(_ value: String) -> String {
        guard value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first else {
            return value
        }
        return String(value.dropFirst().dropLast())
    }
}
