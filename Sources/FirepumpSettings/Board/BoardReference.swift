import FirepumpCore

/// How `--board` or `BOARD=` names a board: a short name looked up in the board directories
/// (`pi5` → `<dir>/pi5.env`), or a path to a board file, used as is.
public enum BoardReference: Sendable, Hashable {
    case name(String)
    case path(String)

    /// Where names are looked up, in order: `$FIREPUMP_BOARDS`, `./boards` (a checkout),
    /// `/etc/firepump/boards` (local additions), `/usr/share/firepump/boards` (installed).
    public static func searchDirectories(environment: [String: String]) -> [String] {
        let override = environment["FIREPUMP_BOARDS"].flatMap { $0.isEmpty ? nil : [$0] } ?? []
        return override + ["./boards", "/etc/firepump/boards", "/usr/share/firepump/boards"]
    }

    /// Reads the setting: text with a `/` or ending in `.env` is a path; otherwise a name of
    /// letters, digits, `-` and `_`. `nil` for empty text (no board).
    ///
    /// - Throws: ``ConfigError`` for `BOARD` when a name has other characters.
    public init?(_ text: String) throws(ConfigError) {
        let value = text.trimmed
        if value.isEmpty { return nil }
        if value.contains("/") || value.hasSuffix(".env") {
            self = .path(value)
            return
        }
        guard value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw ConfigError(key: "BOARD", value: text, rule: "must be a board name (letters, digits, - and _) or a path to a .env file")
        }
        self = .name(value)
    }

    /// The files to try, in order.
    public func candidates(in directories: [String]) -> [String] {
        switch self {
        case .path(let path): [path]
        case .name(let name): directories.map { "\($0)/\(name).env" }
        }
    }
}
