import FirepumpCore

extension DaemonSettings {
    /// Every setting as a Markdown table (name, aliases, default, meaning): what
    /// `firepump check-config --markdown-table` prints and `docs/configuration.md` holds.
    public static var markdownTable: String {
        var lines = ["| Setting | Aliases | Default | Meaning |", "|---|---|---|---|"]
        for setting in all {
            let aliases = setting.aliases.map { "`\($0)`" }.joined(separator: ", ")
            let fallback = setting.defaultText.isEmpty ? "(none)" : "`\(setting.defaultText)`"
            lines.append("| `\(setting.name)` | \(aliases) | \(fallback) | \(setting.meaning) |")
        }
        return lines.joined(separator: "\n")
    }
}
