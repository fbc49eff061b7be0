/// Turns environment-style settings (`KEY` → text) into a validated ``PumpConfig``.
public enum ConfigParser {
    /// The result of parsing: the configuration and what the operator should hear about.
    public struct Outcome: Sendable {
        public var config: PumpConfig
        /// Keys that look like firepump's (upper case) but are not settings.
        public var unknownKeys: [String]
        /// Notes for the log: ignored compatibility keys, alias conflicts.
        public var warnings: [String]
    }

    /// Parses settings over the defaults (or over `base`). Only keys that are settings, aliases or
    /// known compatibility keys are read; anything else is reported in ``Outcome/unknownKeys``.
    ///
    /// - Throws: ``ConfigError`` naming the first setting whose value breaks a rule, or the first
    ///   clash between settings.
    public static func parse(_ values: [String: String], over base: PumpConfig = PumpConfig()) throws(ConfigError) -> Outcome {
        var config = base
        var warnings: [String] = []
        for setting in Settings.all {
            let aliasKey = setting.aliases.first { values[$0] != nil }
            guard let text = values[setting.name] ?? aliasKey.flatMap({ values[$0] }) else { continue }
            if let aliasKey, values[setting.name] != nil, values[aliasKey] != values[setting.name] {
                warnings.append("\(aliasKey) is ignored because \(setting.name) is set")
            }
            try setting.apply(&config, text)
        }
        let known = Set(Settings.all.flatMap { [$0.name] + $0.aliases })
        for key in values.keys.sorted() where Settings.ignoredForCompatibility.contains(key) {
            warnings.append("\(key) is accepted for compatibility with gpio_trigger and has no effect")
        }
        let unknown = values.keys.filter { !known.contains($0) && !Settings.ignoredForCompatibility.contains($0) }.sorted()
        try ConfigValidation.check(config)
        return Outcome(config: config, unknownKeys: unknown, warnings: warnings)
    }
}
