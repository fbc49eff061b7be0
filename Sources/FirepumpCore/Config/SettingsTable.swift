/// Every setting of a `Target`, in groups with headings, and the rules that concern more than one
/// of them: what turns environment-style settings (`KEY` → text) into a validated `Target`.
public struct SettingsTable<Target: Configurable>: Sendable {
    /// A group of settings under one heading (a section of the settings file).
    public struct Section: Sendable {
        public var heading: String
        public var settings: [Setting<Target>]

        public init(_ heading: String, _ settings: [Setting<Target>]) {
            self.heading = heading
            self.settings = settings
        }
    }

    /// The result of parsing: the configuration and what the operator should hear about.
    public struct Outcome: Sendable {
        public var config: Target
        /// Keys that look like firepump's (upper case) but are not settings.
        public var unknownKeys: [String]
        /// Notes for the log: ignored compatibility keys, alias conflicts.
        public var warnings: [String]
    }

    /// The groups, in the order of the settings file.
    public let sections: [Section]
    /// Every setting, in table order.
    public let all: [Setting<Target>]
    /// Names accepted and ignored, so that an older settings file keeps working.
    public let ignoredForCompatibility: Set<String>
    /// The rules between settings; throws the first one a configuration breaks.
    public let check: @Sendable (Target) throws(ConfigError) -> Void

    public init(
        sections: [Section], ignoredForCompatibility: Set<String> = [],
        check: @escaping @Sendable (Target) throws(ConfigError) -> Void
    ) {
        self.sections = sections
        self.all = sections.flatMap(\.settings)
        self.ignoredForCompatibility = ignoredForCompatibility
        self.check = check
    }

    /// The setting with a name or alias, if any.
    public func named(_ key: String) -> Setting<Target>? {
        all.first { $0.name == key || $0.aliases.contains(key) }
    }

    /// The sections with every setting applied to the `Target` at `path` of a larger configuration.
    public func liftedSections<Outer: Configurable>(into path: any WritableKeyPath<Outer, Target> & Sendable) -> [SettingsTable<Outer>.Section] {
        sections.map { .init($0.heading, $0.settings.map { $0.lifted(into: path) }) }
    }

    /// Parses settings over the defaults (or over `base`), in table order. Only keys that are
    /// settings, aliases or known compatibility keys are read; anything else is reported in
    /// ``Outcome/unknownKeys``.
    ///
    /// - Throws: ``ConfigError`` naming the first setting whose value breaks a rule, or the first
    ///   clash between settings.
    public func parse(_ values: [String: String], over base: Target = Target()) throws(ConfigError) -> Outcome {
        var config = base
        var warnings: [String] = []
        for setting in all {
            let aliasKey = setting.aliases.first { values[$0] != nil }
            guard let text = values[setting.name] ?? aliasKey.flatMap({ values[$0] }) else { continue }
            if let aliasKey, values[setting.name] != nil, values[aliasKey] != values[setting.name] {
                warnings.append("\(aliasKey) is ignored because \(setting.name) is set")
            }
            try setting.apply(&config, text)
        }
        let known = Set(all.flatMap { [$0.name] + $0.aliases })
        for key in values.keys.sorted() where ignoredForCompatibility.contains(key) {
            warnings.append("\(key) is accepted for compatibility with gpio_trigger and has no effect")
        }
        let unknown = values.keys.filter { !known.contains($0) && !ignoredForCompatibility.contains($0) }.sorted()
        try check(config)
        return Outcome(config: config, unknownKeys: unknown, warnings: warnings)
    }
}
