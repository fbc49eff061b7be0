/// A setting that cannot be used, with the key, the value and the rule it breaks.
public struct ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The setting (or settings, for a clash) concerned.
    public var key: String
    /// The offending value as given (``Secret/masked`` for a secret).
    public var value: String
    /// The rule, in words.
    public var rule: String

    public init(key: String, value: String, rule: String) {
        self.key = key
        self.value = value
        self.rule = rule
    }

    /// e.g. `MAX_ENGINE_RUNTIME="30": must be at least 60`. Always one line: quotes, backslashes
    /// and control characters in the value are escaped (`"fire/\ntrigger"`).
    public var description: String { "\(key)=\"\(Self.escaped(value))\": \(rule)" }

    /// `text` with `\`, `"` and every control or line-separating character written as an escape
    /// (`\n`, `\r`, `\t`, `\u{1B}`), so that it prints on one line.
    public static func escaped(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                let category = scalar.properties.generalCategory
                if category == .control || category == .lineSeparator || category == .paragraphSeparator {
                    result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }
}
