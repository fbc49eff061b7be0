import FirepumpCore
import FirepumpSettings
import Glibc

/// Where `run`, `pins` and `check-config` get their settings: the defaults, then the
/// `--config` file, then the process environment (which wins, as with systemd and Docker).
struct SettingsSource {
    /// A loaded configuration and what the operator should be told about it.
    struct Loaded {
        var config: DaemonConfig
        var notes: [String]
        /// The board that `--board` or `BOARD=` selected, if any.
        var board: BoardFile?
    }

    var configFile: String?
    var environment: [String: String] = processEnvironment()
    /// `--board`, which wins over `BOARD=`.
    var board: String?

    /// Loads and validates. Unknown keys in the file are reported, in one note (a typo must not
    /// pass silently, and a shared `.env` holds every other service's settings); unknown
    /// environment variables are not (the environment holds much else).
    /// With a board, its `GPIO_CHIP` is the default and every pin is checked against it: a pin
    /// that is not on the header is an error, a risky one a note.
    func load(overrides: [String: String] = [:]) throws(CommandFailure) -> Loaded {
        let file = try configFile.map { path throws(CommandFailure) in try readSettings(path) } ?? [:]
        var values = file.merging(environment) { _, env in env }.merging(overrides) { _, override in override }
        if let board { values["BOARD"] = board }
        let boardFile = try BoardFile.load(values["BOARD"] ?? "", environment: environment)
        var base = DaemonConfig()
        if let boardFile { base.gpioChip = boardFile.board.gpioChip }
        let outcome: SettingsTable<DaemonConfig>.Outcome
        do {
            outcome = try DaemonSettings.parse(values, over: base)
        } catch {
            let origin = environment[error.key] != nil ? "environment" : (configFile ?? "settings")
            throw CommandFailure("configuration error (\(origin)): \(error)", exitCode: 2)
        }
        var notes = outcome.warnings.filter { key in file.keys.contains { key.hasPrefix($0) } }
        notes += TimingAdvice.notes(for: outcome.config.pump.timing)
        if let note = unknownSettingsNote(outcome.unknownKeys.filter { file[$0] != nil }, file: configFile ?? "") {
            notes.append(note)
        }
        if let boardFile {
            let report = BoardCheck.check(outcome.config.pump, on: boardFile.board)
            guard report.errors.isEmpty else {
                let errors = report.errors.map(\.description).joined(separator: "; ")
                throw CommandFailure("configuration error (board \(boardFile.path)): \(errors)", exitCode: 2)
            }
            notes += report.warnings
        }
        return Loaded(config: outcome.config, notes: notes, board: boardFile)
    }
}

/// One note naming every key of a settings file that is not a firepump setting, or nil if none:
/// a wildfire-watch `.env` holds the settings of all its services, which are not errors.
func unknownSettingsNote(_ keys: [String], file: String) -> String? {
    guard !keys.isEmpty else { return nil }
    let what = keys.count == 1 ? "1 key that is not a firepump setting" : "\(keys.count) keys that are not firepump settings"
    return "\(file): \(what) ignored (another service's, or a typo?): \(keys.joined(separator: ", "))"
}

/// The process environment as a dictionary.
func processEnvironment() -> [String: String] {
    var values: [String: String] = [:]
    var pointer = environ
    while let entry = pointer.pointee {
        let text = String(cString: entry)
        if let equals = text.firstIndex(of: "=") {
            values[String(text[..<equals])] = String(text[text.index(after: equals)...])
        }
        pointer += 1
    }
    return values
}
