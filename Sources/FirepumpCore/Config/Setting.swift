/// A value that settings configure, starting from its defaults (`init()`): ``PumpConfig``, or a
/// deployment's settings around it.
public protocol Configurable: Sendable {
    /// The defaults, before any setting is applied.
    init()
}

/// One configuration setting of a `Target` (``PumpConfig``, or a deployment's settings around
/// it): its name, legacy aliases, default, meaning, and how a text value is checked and applied.
public struct Setting<Target: Configurable>: Sendable {
    /// The setting's name (the environment variable).
    public let name: String
    /// Legacy names accepted when `name` is not set (reference §3.1).
    public let aliases: [String]
    /// What it does, for the configuration table.
    public let meaning: String
    let apply: @Sendable (inout Target, String) throws(ConfigError) -> Void
    /// The setting's value in a configuration, as text in the setting's own format.
    public let value: @Sendable (Target) -> String
    /// A secret (the broker password): printed only as ``Secret/masked``, never as its value.
    public let isSecret: Bool

    /// The default, as text.
    public var defaultText: String { value(Target()) }

    /// The setting's value in a configuration as it may be printed: a secret that is set
    /// shows as ``Secret/masked``.
    public func printableValue(_ config: Target) -> String {
        let text = value(config)
        return isSecret && !text.isEmpty ? Secret.masked : text
    }

    init(
        name: String, aliases: [String], meaning: String, isSecret: Bool = false, value: @escaping @Sendable (Target) -> String,
        apply: @escaping @Sendable (inout Target, String) throws(ConfigError) -> Void
    ) {
        self.isSecret = isSecret
        self.name = name
        self.aliases = aliases
        self.meaning = meaning
        self.value = value
        self.apply = apply
    }

    /// The same setting applied to the `Target` inside a larger configuration at `path`.
    public func lifted<Outer: Configurable>(into path: any WritableKeyPath<Outer, Target> & Sendable) -> Setting<Outer> {
        let apply = self.apply, value = self.value
        return Setting<Outer>(name: name, aliases: aliases, meaning: meaning, isSecret: isSecret, value: { value($0[keyPath: path]) }) {
            (config: inout Outer, text: String) throws(ConfigError) in
            try apply(&config[keyPath: path], text)
        }
    }

    /// A duration or ratio with a lower (and upper) bound; values outside are rejected, not clamped (M16).
    public static func number(
        _ name: String, aliases: [String] = [], min: Double, max: Double = 604_800, _ meaning: String,
        _ path: any WritableKeyPath<Target, Double> & Sendable
    ) -> Self {
        Setting(name: name, aliases: aliases, meaning: meaning, value: { format($0[keyPath: path]) }) {
            (config: inout Target, text: String) throws(ConfigError) in
            guard let value = Double(text.trimmed), value.isFinite else {
                throw ConfigError(key: name, value: text, rule: "must be a number")
            }
            guard value >= min else { throw ConfigError(key: name, value: text, rule: "must be at least \(format(min))") }
            guard value <= max else { throw ConfigError(key: name, value: text, rule: "must be at most \(format(max))") }
            config[keyPath: path] = value
        }
    }

    /// A whole number within a range.
    public static func integer(
        _ name: String, range: ClosedRange<Int>, _ meaning: String, _ path: any WritableKeyPath<Target, Int> & Sendable
    ) -> Self {
        Setting(name: name, aliases: [], meaning: meaning, value: { String($0[keyPath: path]) }) {
            (config: inout Target, text: String) throws(ConfigError) in
            guard let value = Int(text.trimmed), range.contains(value) else {
                throw ConfigError(key: name, value: text, rule: "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            config[keyPath: path] = value
        }
    }

    /// `true`/`1`/`yes`/`on` or `false`/`0`/`no`/`off`, any case; anything else is rejected
    /// (the reference silently read it as false).
    public static func flag(
        _ name: String, aliases: [String] = [], _ meaning: String, _ path: any WritableKeyPath<Target, Bool> & Sendable
    ) -> Self {
        Setting(name: name, aliases: aliases, meaning: meaning, value: { String($0[keyPath: path]) }) {
            (config: inout Target, text: String) throws(ConfigError) in
            config[keyPath: path] = try parseFlag(name, text)
        }
    }

    /// A text value; `allowEmpty` false rejects an empty one.
    public static func text(
        _ name: String, aliases: [String] = [], allowEmpty: Bool = false, _ meaning: String,
        _ path: any WritableKeyPath<Target, String> & Sendable
    ) -> Self {
        Setting(name: name, aliases: aliases, meaning: meaning, value: { $0[keyPath: path] }) {
            (config: inout Target, text: String) throws(ConfigError) in
            let value = text.trimmed
            guard allowEmpty || !value.isEmpty else { throw ConfigError(key: name, value: text, rule: "must not be empty") }
            guard !value.contains(where: { $0.isNewline }) else {
                throw ConfigError(key: name, value: text, rule: "must be one line")
            }
            config[keyPath: path] = value
        }
    }

    /// An optional text value; empty means unset. A `secret` one (a password) is never shown in
    /// an error: its value there is ``Secret/masked``.
    public static func optionalText(
        _ name: String, secret: Bool = false, _ meaning: String, _ path: any WritableKeyPath<Target, String?> & Sendable
    ) -> Self {
        Setting(name: name, aliases: [], meaning: meaning, isSecret: secret, value: { $0[keyPath: path] ?? "" }) {
            (config: inout Target, text: String) throws(ConfigError) in
            let value = text.trimmed
            guard !value.contains(where: { $0.isNewline }) else {
                throw ConfigError(key: name, value: secret ? Secret.masked : text, rule: "must be one line")
            }
            config[keyPath: path] = value.isEmpty ? nil : value
        }
    }

    /// One of a fixed set of words, any case.
    public static func choice<Choice: RawRepresentable & CaseIterable & Sendable>(
        _ name: String, _ meaning: String, _ path: any WritableKeyPath<Target, Choice> & Sendable
    ) -> Self where Choice.RawValue == String {
        Setting(name: name, aliases: [], meaning: meaning, value: { $0[keyPath: path].rawValue }) {
            (config: inout Target, text: String) throws(ConfigError) in
            guard let value = Choice(rawValue: text.trimmed.lowercased()) else {
                let words = Choice.allCases.map(\.rawValue).joined(separator: ", ")
                throw ConfigError(key: name, value: text, rule: "must be one of \(words)")
            }
            config[keyPath: path] = value
        }
    }

    /// A GPIO line as written in a settings file: `0`, or plain decimal digits without a leading
    /// zero, within ``PumpConfig/lineRange``. `00`, `-0`, `+18` and `018` are refused: they are
    /// not how a line is written, so they are more likely a slip than a choice.
    static func lineNumber(_ text: String) -> Int? {
        let digits = Array(text.utf8)
        guard let first = digits.first, digits.allSatisfy({ (0x30...0x39).contains($0) }), first != 0x30 || digits.count == 1,
              let line = Int(text), PumpConfig.lineRange.contains(line) else { return nil }
        return line
    }

    static func parseFlag(_ name: String, _ text: String) throws(ConfigError) -> Bool {
        switch text.trimmed.lowercased() {
        case "true", "1", "yes", "on": return true
        case "false", "0", "no", "off": return false
        default: throw ConfigError(key: name, value: text, rule: "must be true or false (also 1/0, yes/no, on/off)")
        }
    }
}

/// What is shown instead of a secret's value (the broker password) wherever settings are printed.
public enum Secret {
    public static let masked = "********"
}

/// A number as people write it: `2`, `0.5`, `1800`.
func format(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
    return String(value)
}

extension String {
    /// The text without leading and trailing whitespace (newlines included), as settings are read.
    public var trimmed: String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}
