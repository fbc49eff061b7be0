import FirepumpCore

/// One Raspberry Pi model's GPIO facts, read from a `boards/*.env` file: the chip to open, which
/// BCM lines reach the 40-pin header (and on which pin), and the lines that need care, with why.
///
/// Used to reject pins an installer cannot wire (a line that is not on the header) and to warn
/// about lines that are reserved, shared with a bus, or pulled high from power-on until firepump
/// starts (an active-high relay there may switch on at boot). Parse one with ``Board/parse(_:)``.
public struct Board: Sendable, Hashable {
    /// Why a line needs care.
    public struct Caution: Sendable, Hashable, CustomStringConvertible {
        public enum Kind: String, Sendable, Hashable {
            /// Meant for something else (e.g. the HAT ID EEPROM); use only when nothing needs it.
            case reserved
            /// Usable, with a known catch (a bus that may be enabled, a fixed pull-up).
            case risky
        }

        public var kind: Kind
        public var reason: String

        public init(kind: Kind, reason: String) {
            self.kind = kind
            self.reason = reason
        }

        /// e.g. `risky: I2C1 SDA: fixed 1.8 kΩ pull-up to 3.3 V ...`.
        public var description: String { "\(kind.rawValue): \(reason)" }
    }

    /// The model, e.g. `Raspberry Pi 4 Model B`.
    public var name: String
    /// The SoC, e.g. `BCM2711`.
    public var soc: String
    /// The GPIO chip that drives the header: its label, stable across kernels (`pinctrl-rp1`).
    public var gpioChip: String
    /// Header pin (1-40) of each BCM line that reaches the header.
    public var headerPins: [Int: Int]
    /// Lines that need care, with the reason.
    public var cautions: [Int: Caution]
    /// Lines pulled high from power-on until a program requests them (BCM 0-8 on every Pi).
    public var pulledHighAtBoot: Set<Int>

    public init(
        name: String, soc: String, gpioChip: String, headerPins: [Int: Int], cautions: [Int: Caution] = [:],
        pulledHighAtBoot: Set<Int> = []
    ) {
        self.name = name
        self.soc = soc
        self.gpioChip = gpioChip
        self.headerPins = headerPins
        self.cautions = cautions
        self.pulledHighAtBoot = pulledHighAtBoot
    }

    /// The header pin of a line, or `nil` when the line does not reach the header.
    public func headerPin(of line: Int) -> Int? { headerPins[line] }

    /// What an installer should know about a line used for a role: its caution, and for an
    /// active-high output on a line pulled high at power-on, that the relay may switch on at boot.
    /// Empty for a line without a catch.
    ///
    /// - Parameter activeHighOutput: the line drives a relay that is on when the line is high.
    public func notes(for line: Int, activeHighOutput: Bool) -> [String] {
        var notes = cautions[line].map { [$0.description] } ?? []
        if activeHighOutput, pulledHighAtBoot.contains(line) {
            notes.append("pulled high from power-on until firepump starts: an active-high relay here may switch on at boot")
        }
        return notes
    }
}
