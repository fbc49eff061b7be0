import FirepumpCore

extension Board {
    /// The keys every board file must set.
    public static let requiredKeys = ["BOARD_NAME", "BOARD_SOC", "GPIO_CHIP", "BOARD_PULLED_HIGH_AT_BOOT"]

    /// The header range of a Raspberry Pi (pins 1-40).
    public static let headerRange = 1...40

    private static let headerPrefix = "BOARD_HEADER_GPIO"
    private static let reservedPrefix = "BOARD_RESERVED_GPIO"
    private static let riskyPrefix = "BOARD_RISKY_GPIO"

    /// Reads a board from the assignments of a board file (``EnvFile/parse(_:)``):
    ///
    /// - `BOARD_NAME`, `BOARD_SOC`: the model and its SoC, for people;
    /// - `GPIO_CHIP`: the chip to open (a label; the same key as the setting, which it defaults);
    /// - `BOARD_HEADER_GPIO<n>=<pin>`: BCM line n is on header pin `pin` (1-40), one per line;
    /// - `BOARD_RESERVED_GPIO<n>=<why>` / `BOARD_RISKY_GPIO<n>=<why>`: a line that needs care;
    /// - `BOARD_PULLED_HIGH_AT_BOOT=0-8`: lines (numbers and ranges, comma separated; may be
    ///   empty) pulled high from power-on until requested.
    ///
    /// - Throws: ``ConfigError`` naming the first key that is missing, unknown or malformed.
    public static func parse(_ values: [String: String]) throws(ConfigError) -> Board {
        for key in requiredKeys where values[key] == nil {
            throw ConfigError(key: key, value: "", rule: "is required in a board file")
        }
        var board = Board(
            name: try nonEmpty("BOARD_NAME", values), soc: try nonEmpty("BOARD_SOC", values),
            gpioChip: try nonEmpty("GPIO_CHIP", values), headerPins: [:])
        var pinOwner: [Int: String] = [:]
        for (key, value) in values.sorted(by: { $0.key < $1.key }) {
            if let line = try line(in: key, after: headerPrefix) {
                guard let pin = Int(value.trimmed), headerRange.contains(pin) else {
                    throw ConfigError(key: key, value: value, rule: "must be a header pin number from 1 to 40")
                }
                if let other = pinOwner[pin] {
                    throw ConfigError(key: "\(other) and \(key)", value: value, rule: "two lines cannot share one header pin")
                }
                pinOwner[pin] = key
                board.headerPins[line] = pin
            } else if let line = try line(in: key, after: reservedPrefix) {
                try addCaution(.reserved, line: line, key: key, values, to: &board)
            } else if let line = try line(in: key, after: riskyPrefix) {
                try addCaution(.risky, line: line, key: key, values, to: &board)
            } else if !requiredKeys.contains(key) {
                throw ConfigError(key: key, value: value, rule: "is not a board key (see boards/README.md)")
            }
        }
        guard !board.headerPins.isEmpty else {
            throw ConfigError(key: "\(headerPrefix)<n>", value: "", rule: "a board file must map at least one line to a header pin")
        }
        for (line, caution) in board.cautions.sorted(by: { $0.key < $1.key }) where board.headerPins[line] == nil {
            let key = "\(caution.kind == .reserved ? reservedPrefix : riskyPrefix)\(line)"
            throw ConfigError(key: key, value: values[key] ?? "", rule: "GPIO \(line) has no \(headerPrefix)\(line) entry")
        }
        board.pulledHighAtBoot = try lineList("BOARD_PULLED_HIGH_AT_BOOT", values["BOARD_PULLED_HIGH_AT_BOOT", default: ""], header: board.headerPins)
        return board
    }

    /// The line number in `BOARD_HEADER_GPIO18` (after `prefix`), `nil` when `key` has another prefix.
    private static func line(in key: String, after prefix: String) throws(ConfigError) -> Int? {
        guard key.hasPrefix(prefix) else { return nil }
        let digits = key.dropFirst(prefix.count)
        guard let line = Int(digits), String(line) == digits, PumpConfig.lineRange.contains(line) else {
            throw ConfigError(key: key, value: "", rule: "must end in a GPIO line number from 0 to 53, e.g. \(prefix)18")
        }
        return line
    }

    private static func addCaution(
        _ kind: Caution.Kind, line: Int, key: String, _ values: [String: String], to board: inout Board
    ) throws(ConfigError) {
        guard board.cautions[line] == nil else {
            throw ConfigError(key: key, value: values[key] ?? "", rule: "GPIO \(line) is already listed as reserved; a line is reserved or risky, not both")
        }
        board.cautions[line] = Caution(kind: kind, reason: try nonEmpty(key, values))
    }

    private static func nonEmpty(_ key: String, _ values: [String: String]) throws(ConfigError) -> String {
        let value = values[key]?.trimmed ?? ""
        guard !value.isEmpty else { throw ConfigError(key: key, value: values[key] ?? "", rule: "must not be empty") }
        return value
    }

    /// `0-8`, `0,1,4-6` or empty: lines that must all be on the header.
    private static func lineList(_ key: String, _ text: String, header: [Int: Int]) throws(ConfigError) -> Set<Int> {
        var lines: Set<Int> = []
        for item in text.split(separator: ",").map({ String($0).trimmed }) where !item.isEmpty {
            let bounds = item.split(separator: "-", omittingEmptySubsequences: false).map { Int(String($0).trimmed) }
            guard (1...2).contains(bounds.count), let low = bounds.first ?? nil, let high = bounds.last ?? nil, low <= high else {
                throw ConfigError(key: key, value: text, rule: "must list lines and ranges, e.g. 0-8 or 0,1,4-6 (\"\(item)\" is neither)")
            }
            for line in low...high {
                guard header[line] != nil else {
                    throw ConfigError(key: key, value: text, rule: "GPIO \(line) has no \(headerPrefix)\(line) entry")
                }
                lines.insert(line)
            }
        }
        return lines
    }
}
