/// A setting that cannot be used, with the key, the value and the rule it breaks.
public struct ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The setting (or settings, for a clash) concerned.
    public var key: String
    /// The offending value as given.
    public var value: String
    /// The rule, in words.
    public var rule: String

    public init(key: String, value: String, rule: String) {
        self.key = key
        self.value = value
        self.rule = rule
    }

    /// e.g. `MAX_ENGINE_RUNTIME="30": must be at least 60`.
    public var description: String { "\(key)=\"\(value)\": \(rule)" }
}
