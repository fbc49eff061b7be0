import ArgumentParser
import FirepumpCore

/// `firepump check-config`: validates the settings and prints the effective configuration.
struct CheckConfig: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Validate the configuration (file + environment) and print every setting's effective value.",
        discussion: "Exit status: 0 when valid, 2 when a setting breaks a rule (the message names it)."
    )

    @Option(help: "A KEY=value settings file (the environment wins over it).")
    var config: String?

    @Option(help: "Board pin map: a name in boards/ (pi3bplus, pi4b, pi5, zero2w) or a path to a board file (overrides BOARD).")
    var board: String?

    @Flag(help: "Print the table of every setting (name, aliases, default, meaning) as Markdown instead.")
    var markdownTable = false

    func run() throws {
        if markdownTable {
            print(Settings.markdownTable)
            return
        }
        let loaded = try SettingsSource(configFile: config, board: board).loadReportingToStandardError()
        for setting in Settings.all {
            let value = setting.value(loaded.config)
            print("\(setting.name)=\(setting.name == "MQTT_PASSWORD" && !value.isEmpty ? "********" : value)")
        }
    }
}
