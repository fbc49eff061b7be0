import FirepumpCore
import FirepumpSettings
import Foundation
import Testing

/// The board files shipped in `boards/`, found from this file's path.
private let boardsDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("boards")

private func shippedBoard(_ name: String) throws -> Board {
    let text = try String(contentsOf: boardsDirectory.appendingPathComponent("\(name).env"), encoding: .utf8)
    return try Board.parse(try EnvFile.parse(text))
}

/// A small valid board file; tests change one key at a time.
private let minimal: [String: String] = [
    "BOARD_NAME": "Test Pi", "BOARD_SOC": "BCM0000", "GPIO_CHIP": "pinctrl-test",
    "BOARD_PULLED_HIGH_AT_BOOT": "0-1",
    "BOARD_HEADER_GPIO0": "27", "BOARD_HEADER_GPIO1": "28", "BOARD_HEADER_GPIO18": "12",
]

private func parseError(_ values: [String: String]) -> ConfigError? {
    do {
        _ = try Board.parse(values)
        return nil
    } catch {
        return error
    }
}

private func config(_ settings: [String: String]) throws -> DaemonConfig {
    try DaemonSettings.parse(settings).config
}

private func pumpConfig(_ settings: [String: String]) throws -> PumpConfig {
    try config(settings).pump
}

@Suite("Board files in boards/")
struct ShippedBoardTests {
    static let expected = [
        "pi3bplus": ("Raspberry Pi 3 Model B+", "pinctrl-bcm2835"),
        "pi4b": ("Raspberry Pi 4 Model B", "pinctrl-bcm2711"),
        "pi5": ("Raspberry Pi 5", "pinctrl-rp1"),
        "zero2w": ("Raspberry Pi Zero 2 W", "pinctrl-bcm2835"),
    ]

    @Test("every file parses, has every required key and maps BCM 0-27 onto the 40-pin header")
    func everyFileParses() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: boardsDirectory.path).filter { $0.hasSuffix(".env") }.sorted()
        #expect(Set(Self.expected.keys).isSubset(of: files.map { String($0.dropLast(4)) }), "the four supported boards ship")
        let signal = Set(1...40).subtracting([1, 17, 2, 4, 6, 9, 14, 20, 25, 30, 34, 39])
        for file in files {
            let values = try EnvFile.parse(try String(contentsOf: boardsDirectory.appendingPathComponent(file), encoding: .utf8))
            for key in Board.requiredKeys {
                #expect(values[key] != nil, "\(file) sets \(key)")
            }
            let board = try Board.parse(values)
            #expect(Set(board.headerPins.keys) == Set(0...27), "\(file): BCM 0-27 reach the header")
            #expect(Set(board.headerPins.values) == signal, "\(file): the 28 signal pins, no power or ground pin")
            #expect(board.pulledHighAtBoot == Set(0...8), "\(file): BCM 0-8 are pulled high at power-on")
        }
    }

    @Test("names and chip labels of the supported boards", arguments: expected.keys.sorted())
    func namesAndLabels(_ file: String) throws {
        let board = try shippedBoard(file)
        #expect(board.name == Self.expected[file]!.0)
        #expect(board.gpioChip == Self.expected[file]!.1)
    }

    @Test("the four boards share one header map and one set of reserved and risky lines")
    func sameHeaderEverywhere() throws {
        let boards = try Self.expected.keys.sorted().map(shippedBoard)
        for board in boards.dropFirst() {
            #expect(board.headerPins == boards[0].headerPins)
            #expect(Set(board.cautions.keys) == Set(boards[0].cautions.keys))
        }
    }

    @Test("the reference's default pins are on the header, away from the lines pulled high at boot")
    func defaultPins() throws {
        let board = try shippedBoard("pi4b")
        let pins = Output.allCases.map { PumpConfig().outputs[$0].line }
        #expect(pins.map { board.headerPin(of: $0) } == [12, 16, 18, 22, 15, 37, 13])
        #expect(board.pulledHighAtBoot.isDisjoint(with: pins))
        #expect(board.cautions[0]?.kind == .reserved && board.cautions[1]?.kind == .reserved, "ID EEPROM")
        for line in [2, 3, 7, 8, 9, 10, 11, 14, 15, 18, 19, 20, 21] {
            #expect(board.cautions[line]?.kind == .risky, "GPIO \(line)")
        }
    }
}

@Suite("Checking a configuration against a board")
struct BoardCheckTests {
    @Test("the default configuration passes on every board, warning only about GPIO 18 (PCM clock)")
    func defaultsPass() throws {
        for file in ShippedBoardTests.expected.keys.sorted() {
            let report = BoardCheck.check(PumpConfig(), on: try shippedBoard(file))
            #expect(report.errors.isEmpty, "\(file)")
            #expect(report.warnings.count == 1, "\(file)")
            #expect(report.warnings.first?.hasPrefix("MAIN_VALVE_PIN=\"18\": GPIO 18 (header pin 12) is risky: PCM_CLK") == true, "\(file)")
        }
    }

    @Test("a pin that is not on the header is rejected, naming the setting and the board")
    func offHeaderRejected() throws {
        let report = BoardCheck.check(try pumpConfig(["FLOW_SENSOR_PIN": "30", "RPM_REDUCE_PIN": "40"]), on: try shippedBoard("pi4b"))
        #expect(report.errors.map(\.description) == [
            "RPM_REDUCE_PIN=\"40\": GPIO 40 is not on the Raspberry Pi 4 Model B header",
            "FLOW_SENSOR_PIN=\"30\": GPIO 30 is not on the Raspberry Pi 4 Model B header",
        ])
    }

    @Test("an input that is not fitted is not checked")
    func unfittedInputsIgnored() throws {
        let report = BoardCheck.check(try pumpConfig(["MAIN_VALVE_PIN": "17"]), on: try shippedBoard("pi5"))
        #expect(report.errors.isEmpty && report.warnings.isEmpty)
    }

    @Test("an active-high output on a line pulled high at power-on warns that its relay may switch on at boot")
    func activeHighOnPulledHighLine() throws {
        let board = try shippedBoard("pi3bplus")
        let report = BoardCheck.check(try pumpConfig(["MAIN_VALVE_PIN": "17", "IGN_START_PIN": "5"]), on: board)
        #expect(report.errors.isEmpty)
        #expect(report.warnings == [
            "IGN_START_PIN=\"5\": GPIO 5 (header pin 29) is pulled high from power-on until firepump starts: an active-high relay here may switch on at boot",
        ])
        let activeLow = BoardCheck.check(try pumpConfig(["MAIN_VALVE_PIN": "17", "IGN_START_PIN": "5", "IGN_START_ACTIVE_LOW": "true"]), on: board)
        #expect(activeLow.errors.isEmpty && activeLow.warnings.isEmpty, "an active-low relay is off while its line is high")
    }

    @Test("an input on a line pulled high at power-on does not warn about boot")
    func inputOnPulledHighLine() throws {
        let report = BoardCheck.check(try pumpConfig(["MAIN_VALVE_PIN": "17", "EMERGENCY_BUTTON_PIN": "6"]), on: try shippedBoard("pi4b"))
        #expect(report.errors.isEmpty && report.warnings.isEmpty)
    }

    @Test("reserved and risky lines warn with the reason, the setting and the header pin")
    func cautionsWarn() throws {
        let settings = ["MAIN_VALVE_PIN": "17", "RESERVOIR_FLOAT_PIN": "1", "LINE_PRESSURE_PIN": "2", "REFILL_VALVE_PIN": "3", "REFILL_VALVE_ACTIVE_LOW": "1"]
        let report = BoardCheck.check(try pumpConfig(settings), on: try shippedBoard("pi5"))
        #expect(report.errors.isEmpty)
        #expect(report.warnings.count == 3)
        #expect(report.warnings[0].hasPrefix("REFILL_VALVE_PIN=\"3\": GPIO 3 (header pin 5) is risky: I2C1 SCL, with a fixed 1.8 kOhm pull-up"))
        #expect(report.warnings[1].hasPrefix("RESERVOIR_FLOAT_PIN=\"1\": GPIO 1 (header pin 28) is reserved: ID_SC of the HAT ID EEPROM"))
        #expect(report.warnings[2].hasPrefix("LINE_PRESSURE_PIN=\"2\": GPIO 2 (header pin 3) is risky: I2C1 SDA"))
    }

    @Test("an active-high output on a risky line pulled high at boot gets both warnings")
    func bothWarnings() throws {
        let board = try Board.parse(minimal.merging(["BOARD_RISKY_GPIO1": "a bus"]) { $1 })
        #expect(board.notes(for: 1, activeHighOutput: true) == [
            "risky: a bus", "pulled high from power-on until firepump starts: an active-high relay here may switch on at boot",
        ])
        #expect(board.notes(for: 1, activeHighOutput: false) == ["risky: a bus"])
        #expect(board.notes(for: 18, activeHighOutput: true).isEmpty)
    }

    @Test("BOARD is a setting, empty by default")
    func boardSetting() throws {
        #expect(DaemonConfig().board == "")
        #expect(try config(["BOARD": "pi5"]).board == "pi5")
        #expect(DaemonSettings.named("BOARD")?.defaultText == "")
    }
}

@Suite("Parsing a board file")
struct BoardParsingTests {
    @Test("a minimal file parses")
    func minimalParses() throws {
        let board = try Board.parse(minimal)
        #expect(board == Board(
            name: "Test Pi", soc: "BCM0000", gpioChip: "pinctrl-test", headerPins: [0: 27, 1: 28, 18: 12], pulledHighAtBoot: [0, 1]))
    }

    @Test("each required key is required, by name", arguments: Board.requiredKeys)
    func requiredKey(_ key: String) {
        var values = minimal
        values[key] = nil
        #expect(parseError(values) == ConfigError(key: key, value: "", rule: "is required in a board file"))
    }

    @Test("errors name the key that is wrong", arguments: [
        (["BOARD_NAME": " "], "BOARD_NAME", "must not be empty"),
        (["BOARD_PINS": "1"], "BOARD_PINS", "is not a board key (see boards/README.md)"),
        (["MAIN_VALVE_PIN": "18"], "MAIN_VALVE_PIN", "is not a board key (see boards/README.md)"),
        (["BOARD_HEADER_GPIO18": "41"], "BOARD_HEADER_GPIO18", "must be a header pin number from 1 to 40"),
        (["BOARD_HEADER_GPIO18": "x"], "BOARD_HEADER_GPIO18", "must be a header pin number from 1 to 40"),
        (["BOARD_HEADER_GPIO": "3"], "BOARD_HEADER_GPIO", "must end in a GPIO line number from 0 to 53, e.g. BOARD_HEADER_GPIO18"),
        (["BOARD_HEADER_GPIO018": "3"], "BOARD_HEADER_GPIO018", "must end in a GPIO line number from 0 to 53, e.g. BOARD_HEADER_GPIO18"),
        (["BOARD_RISKY_GPIO54": "x"], "BOARD_RISKY_GPIO54", "must end in a GPIO line number from 0 to 53, e.g. BOARD_RISKY_GPIO18"),
        (["BOARD_HEADER_GPIO2": "12"], "BOARD_HEADER_GPIO18 and BOARD_HEADER_GPIO2", "two lines cannot share one header pin"),
        (["BOARD_RISKY_GPIO5": "SPI"], "BOARD_RISKY_GPIO5", "GPIO 5 has no BOARD_HEADER_GPIO5 entry"),
        (["BOARD_RISKY_GPIO18": ""], "BOARD_RISKY_GPIO18", "must not be empty"),
        (["BOARD_RESERVED_GPIO18": "a", "BOARD_RISKY_GPIO18": "b"], "BOARD_RISKY_GPIO18",
         "GPIO 18 is already listed as reserved; a line is reserved or risky, not both"),
        (["BOARD_PULLED_HIGH_AT_BOOT": "0-5"], "BOARD_PULLED_HIGH_AT_BOOT", "GPIO 2 has no BOARD_HEADER_GPIO2 entry"),
        (["BOARD_PULLED_HIGH_AT_BOOT": "1-0"], "BOARD_PULLED_HIGH_AT_BOOT", "must list lines and ranges, e.g. 0-8 or 0,1,4-6 (\"1-0\" is neither)"),
        (["BOARD_PULLED_HIGH_AT_BOOT": "0-1-2"], "BOARD_PULLED_HIGH_AT_BOOT", "must list lines and ranges, e.g. 0-8 or 0,1,4-6 (\"0-1-2\" is neither)"),
        (["BOARD_PULLED_HIGH_AT_BOOT": "high"], "BOARD_PULLED_HIGH_AT_BOOT", "must list lines and ranges, e.g. 0-8 or 0,1,4-6 (\"high\" is neither)"),
    ])
    func namedErrors(_ change: [String: String], _ key: String, _ rule: String) {
        let error = parseError(minimal.merging(change) { $1 })
        #expect(error?.key == key)
        #expect(error?.rule == rule)
    }

    @Test("a file must map at least one line")
    func needsHeader() {
        let values = minimal.filter { !$0.key.hasPrefix("BOARD_HEADER_") }.merging(["BOARD_PULLED_HIGH_AT_BOOT": ""]) { $1 }
        #expect(parseError(values)?.key == "BOARD_HEADER_GPIO<n>")
    }

    @Test("line lists take single lines, ranges and spaces; empty means none")
    func lineLists() throws {
        #expect(try Board.parse(minimal.merging(["BOARD_PULLED_HIGH_AT_BOOT": " 18, 0 -1 "]) { $1 }).pulledHighAtBoot == [0, 1, 18])
        #expect(try Board.parse(minimal.merging(["BOARD_PULLED_HIGH_AT_BOOT": ""]) { $1 }).pulledHighAtBoot.isEmpty)
    }
}

@Suite("Naming a board")
struct BoardReferenceTests {
    @Test("a plain word is a name, looked up in each directory in order")
    func name() throws {
        let reference = try BoardReference(" pi5 ")
        #expect(reference == .name("pi5"))
        #expect(reference?.candidates(in: ["/a", "./boards"]) == ["/a/pi5.env", "./boards/pi5.env"])
    }

    @Test("text with a slash or ending in .env is a path, used as is")
    func path() throws {
        #expect(try BoardReference("./my.env") == .path("./my.env"))
        #expect(try BoardReference("my.env") == .path("my.env"))
        #expect(try BoardReference("/etc/firepump/boards/pi4b")?.candidates(in: ["/x"]) == ["/etc/firepump/boards/pi4b"])
    }

    @Test("empty means no board")
    func empty() throws {
        #expect(try BoardReference("  ") == nil)
    }

    @Test("a name with other characters is rejected under BOARD")
    func badName() {
        #expect(throws: ConfigError(key: "BOARD", value: "pi 5", rule: "must be a board name (letters, digits, - and _) or a path to a .env file")) {
            try BoardReference("pi 5")
        }
    }

    @Test("FIREPUMP_BOARDS comes first, then ./boards, /etc and /usr/share")
    func searchOrder() {
        #expect(BoardReference.searchDirectories(environment: [:]) == ["./boards", "/etc/firepump/boards", "/usr/share/firepump/boards"])
        #expect(BoardReference.searchDirectories(environment: ["FIREPUMP_BOARDS": "/opt/b"]).first == "/opt/b")
        #expect(BoardReference.searchDirectories(environment: ["FIREPUMP_BOARDS": ""]).count == 3)
    }
}
