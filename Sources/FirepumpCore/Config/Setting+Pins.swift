/// The settings of the pump's wiring: each output's and input's line and polarity.
extension Setting where Target == PumpConfig {
    /// An output's GPIO line (BCM number): required, 0-53.
    static func outputPin(_ name: String, aliases: [String] = [], _ output: Output, _ meaning: String) -> Self {
        Setting(name: name, aliases: aliases, meaning: meaning, value: { String($0.outputs[output].line) }) {
            (config: inout PumpConfig, text: String) throws(ConfigError) in
            guard let line = lineNumber(text.trimmed) else {
                throw ConfigError(key: name, value: text, rule: "must be a GPIO line number from 0 to 53 (outputs cannot be disabled)")
            }
            config.outputs[output].line = line
        }
    }

    /// An output's polarity.
    static func outputPolarity(_ name: String, aliases: [String] = [], _ output: Output) -> Self {
        Setting(name: name, aliases: aliases, meaning: "drive \(output.rawValue) low for on (relay boards that switch on low)", value: { String($0.outputs[output].activeLow) }) {
            (config: inout PumpConfig, text: String) throws(ConfigError) in
            config.outputs[output].activeLow = try parseFlag(name, text)
        }
    }

    /// An optional input's GPIO line: empty or 0 means not fitted.
    static func inputPin(_ name: String, _ role: InputRole, _ meaning: String) -> Self {
        Setting(name: name, aliases: [], meaning: meaning, value: { String($0.inputs[role].line ?? 0) }) {
            (config: inout PumpConfig, text: String) throws(ConfigError) in
            let trimmed = text.trimmed
            if trimmed.isEmpty || trimmed == "0" {
                config.inputs[role].line = nil
                return
            }
            guard let line = lineNumber(trimmed) else {
                throw ConfigError(key: name, value: text, rule: "must be a GPIO line number from 1 to 53, or 0 for none")
            }
            config.inputs[role].line = line
        }
    }

    /// An input's polarity.
    static func inputPolarity(_ name: String, _ role: InputRole, _ meaning: String) -> Self {
        Setting(name: name, aliases: [], meaning: meaning, value: { String($0.inputs[role].activeLow) }) {
            (config: inout PumpConfig, text: String) throws(ConfigError) in
            config.inputs[role].activeLow = try parseFlag(name, text)
        }
    }
}
