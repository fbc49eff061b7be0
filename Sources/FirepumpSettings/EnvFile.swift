import FirepumpCore

/// Reads `KEY=value` files the way docker compose and python-dotenv read a `.env` (wildfire-watch's
/// shared `.env` is written for them; `gpio_trigger` reads it with python-dotenv):
///
/// - one assignment per line, an optional `export ` before the key, spaces around `=` allowed;
///   blank lines and lines starting with `#` are skipped; `\n`, `\r\n` and `\r` all end a line;
/// - unquoted: the rest of the line, cut at the first `#` that follows a space or tab (an inline
///   comment) and trimmed: `MAX_ENGINE_RUNTIME=1800   # 30 min` is `1800`, `A=b#c` is `b#c`;
/// - single-quoted: literal, except `\'` for a quote: `'p#ss\n'` is `p#ss\n` as written;
/// - double-quoted: `#` and spaces kept, with the escapes `\\ \" \' \n \r \t \a \b \f \v`
///   (any other backslash is kept as written);
/// - a quoted value may span lines; after its closing quote only spaces and a `#` comment may follow.
///
/// There is no `${VAR}` interpolation: `$` is an ordinary character.
public enum EnvFile {
    /// A line that cannot be read.
    public struct SyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
        /// The line number, from 1 (for a quoted value: the line where it begins).
        public var line: Int
        /// That line as written.
        public var text: String
        /// What is wrong with it.
        public var problem: String
        public var description: String { "line \(line): \(problem), got \"\(text)\"" }
    }

    /// The assignments in `text`; a later assignment of a key wins.
    public static func parse(_ text: String) throws(SyntaxError) -> [String: String] {
        var reader = Reader(text)
        var values: [String: String] = [:]
        while let (key, value) = try reader.nextAssignment() {
            values[key] = value
        }
        return values
    }
}

/// A cursor over the file's Unicode scalars (not characters: a combining mark after a quote must
/// not hide the quote).
private struct Reader {
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line = 1

    init(_ text: String) { scalars = Array(text.unicodeScalars) }

    private var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    private static func isLineEnd(_ scalar: Unicode.Scalar) -> Bool { scalar == "\n" || scalar == "\r" }

    /// Whitespace within a line.
    private static func isBlank(_ scalar: Unicode.Scalar) -> Bool { scalar.properties.isWhitespace && !isLineEnd(scalar) }

    private static func isKeyScalar(_ scalar: Unicode.Scalar) -> Bool {
        let character = Character(scalar)
        return character.isLetter || character.isNumber || scalar == "_"
    }

    /// The next `(key, value)`, or nil at the end of the file.
    mutating func nextAssignment() throws(EnvFile.SyntaxError) -> (String, String)? {
        while current != nil {
            skipBlanks()
            guard let first = current else { return nil }
            if Self.isLineEnd(first) {
                skipLineEnd()
            } else if first == "#" {
                skipRestOfLine()
                skipLineEnd()
            } else {
                return try assignment()
            }
        }
        return nil
    }

    private mutating func assignment() throws(EnvFile.SyntaxError) -> (String, String) {
        let start = (index: index, line: line)
        func fail(_ problem: String) -> EnvFile.SyntaxError {
            var begin = start.index
            while begin > 0, !Self.isLineEnd(scalars[begin - 1]) { begin -= 1 }
            var end = start.index
            while end < scalars.count, !Self.isLineEnd(scalars[end]) { end += 1 }
            var text = String.UnicodeScalarView()
            text.append(contentsOf: scalars[begin..<end])
            return EnvFile.SyntaxError(line: start.line, text: String(text), problem: problem)
        }
        skipExport()
        var key = String.UnicodeScalarView()
        while let scalar = current, scalar != "=", !Self.isLineEnd(scalar) {
            key.append(scalar)
            index += 1
        }
        let name = String(key).trimmed
        guard current == "=", !name.isEmpty, name.unicodeScalars.allSatisfy(Self.isKeyScalar) else {
            throw fail("expected KEY=value")
        }
        index += 1
        skipBlanks()
        let value: String
        switch current {
        case "\"", "'":
            guard let quoted = quotedValue() else { throw fail("a quoted value is not closed") }
            value = quoted
            skipBlanks()
            if current == "#" { skipRestOfLine() }
            guard current.map(Self.isLineEnd) ?? true else { throw fail("only a # comment may follow the closing quote") }
        default:
            value = unquotedValue()
        }
        skipLineEnd()
        return (name, value)
    }

    /// `export` and the blanks after it, if the line starts with them.
    private mutating func skipExport() {
        let word = Array("export".unicodeScalars)
        guard index + word.count < scalars.count, Array(scalars[index..<index + word.count]) == word,
              Self.isBlank(scalars[index + word.count]) else { return }
        index += word.count
        skipBlanks()
    }

    /// The rest of the line up to an inline comment (a `#` after a blank), trimmed.
    private mutating func unquotedValue() -> String {
        var value = String.UnicodeScalarView()
        var previous: Unicode.Scalar?
        while let scalar = current, !Self.isLineEnd(scalar) {
            if scalar == "#", let previous, Self.isBlank(previous) {
                skipRestOfLine()
                break
            }
            value.append(scalar)
            previous = scalar
            index += 1
        }
        return String(value).trimmed
    }

    /// The value between the quote at the cursor and its closing quote, with escapes applied;
    /// nil when the file ends first. Line breaks inside it become `\n`.
    private mutating func quotedValue() -> String? {
        let quote = scalars[index]
        index += 1
        var value = String.UnicodeScalarView()
        while let scalar = current {
            if scalar == quote {
                index += 1
                return String(value)
            }
            if Self.isLineEnd(scalar) {
                skipLineEnd()
                value.append("\n")
                continue
            }
            index += 1
            guard scalar == "\\", let next = current else {
                value.append(scalar)
                continue
            }
            if let escaped = quote == "\"" ? Self.doubleQuoteEscape(next) : (next == "'" ? "'" : nil) {
                value.append(escaped)
                index += 1
            } else {
                value.append(scalar)
            }
        }
        return nil
    }

    private static func doubleQuoteEscape(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        switch scalar {
        case "\\", "\"", "'": scalar
        case "n": "\n"
        case "r": "\r"
        case "t": "\t"
        case "a": "\u{07}"
        case "b": "\u{08}"
        case "f": "\u{0C}"
        case "v": "\u{0B}"
        default: nil
        }
    }

    private mutating func skipBlanks() {
        while let scalar = current, Self.isBlank(scalar) { index += 1 }
    }

    private mutating func skipRestOfLine() {
        while let scalar = current, !Self.isLineEnd(scalar) { index += 1 }
    }

    /// Steps over one `\n`, `\r\n` or `\r`, if the cursor is on one.
    private mutating func skipLineEnd() {
        guard let scalar = current, Self.isLineEnd(scalar) else { return }
        index += 1
        if scalar == "\r", current == "\n" { index += 1 }
        line += 1
    }
}
