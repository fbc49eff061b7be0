import ArgumentParser
import FirepumpCore
import FirepumpHAL
import FirepumpRuntime
import FirepumpSettings

/// `firepump pins`: the wiring table of the configuration, terse like libgpiod's `gpioinfo`.
struct Pins: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the wiring table: role, BCM line, header pin, direction, polarity, pull, safe level, notes.",
        discussion: """
            Safe is the electrical level of an output when it is off (what firepump drives at start, \
            stop and on error). Pull is the bias firepump requests for an input, toward the reading a \
            broken wire must give. Header pins come from the board (--board or BOARD=).
            Exit status: 0, or 2 for bad configuration or a pin that is not on the board's header.
            """
    )

    @OptionGroup var settings: SettingsOptions

    func run() throws {
        let loaded = try settings.loadPrintingNotes()
        let title = loaded.board.map { "\(loaded.config.gpioChip) - \($0.board.name) (\($0.path)):" }
            ?? "\(loaded.config.gpioChip) - no board selected, header pins unknown (use --board):"
        print(([title] + aligned(table(loaded.config.pump, loaded.board?.board)).map { "    \($0)" }).joined(separator: "\n"))
    }

    /// A header row, the seven outputs, then the six inputs.
    private func table(_ config: PumpConfig, _ board: Board?) -> [[String]] {
        let header = { (line: Int) in board?.headerPin(of: line).map(String.init) ?? "-" }
        var rows = [["role", "line", "header", "direction", "polarity", "pull", "safe", "note"]]
        for output in Output.allCases {
            let pin = config.outputs[output]
            let notes = board?.notes(for: pin.line, activeHighOutput: !pin.activeLow) ?? []
            rows.append([
                output.rawValue, String(pin.line), header(pin.line), "out", polarity(pin.activeLow), "-",
                pin.activeLow ? "high" : "low", notes.joined(separator: "; "),
            ])
        }
        for role in InputRole.allCases {
            let pin = config.inputs[role]
            let notes = pin.line.map { board?.notes(for: $0, activeHighOutput: false) ?? [] }
                ?? ["not fitted (\(PumpConfig.pinKey(role))=0)"]
            rows.append([
                role.rawValue, pin.line.map(String.init) ?? "-", pin.line.map(header) ?? "-", "in", polarity(pin.activeLow),
                config.pull(for: role).rawValue, "-", notes.joined(separator: "; "),
            ])
        }
        return rows
    }

    private func polarity(_ activeLow: Bool) -> String { activeLow ? "active-low" : "active-high" }

    /// Columns padded to their widest cell; numbers (line, header) right-aligned.
    private func aligned(_ rows: [[String]]) -> [String] {
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.indices.map { column in
                let padding = String(repeating: " ", count: widths[column] - row[column].count)
                return column == 1 || column == 2 ? padding + row[column] : row[column] + padding
            }.joined(separator: "  ").trimmedTrailing
        }
    }
}

extension String {
    fileprivate var trimmedTrailing: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
