import FirepumpCore

/// Checks a configuration's pins against a board: a line that does not reach the header cannot
/// be wired and is rejected; a line that needs care is accepted with a warning.
public enum BoardCheck {
    /// What the check found, in setting order (outputs, then fitted inputs).
    public struct Report: Sendable, Hashable {
        /// Pins that do not exist on the board's header. Any one makes the configuration unusable.
        public var errors: [ConfigError] = []
        /// Pins that work but need care, each naming the setting, the line and the reason.
        public var warnings: [String] = []
    }

    /// Every output and every fitted input, checked against `board`.
    public static func check(_ config: PumpConfig, on board: Board) -> Report {
        var report = Report()
        for (key, line, activeHighOutput) in config.wiredPins {
            guard let pin = board.headerPin(of: line) else {
                report.errors.append(ConfigError(key: key, value: String(line), rule: "GPIO \(line) is not on the \(board.name) header"))
                continue
            }
            for note in board.notes(for: line, activeHighOutput: activeHighOutput) {
                report.warnings.append("\(key)=\"\(line)\": GPIO \(line) (header pin \(pin)) is \(note)")
            }
        }
        return report
    }
}
