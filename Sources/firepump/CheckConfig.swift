import ArgumentParser
import FirepumpCore
import FirepumpSettings

/// `firepump check-config`: validates the settings and prints the effective configuration.
struct CheckConfig: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Validate the configuration (file + environment) and print every setting's effective value.",
        discussion: "Exit status: 0 when valid, 2 when a setting breaks a rule or names a TLS file that cannot be read (the message names the setting)."
    )

    @OptionGroup var settings: SettingsOptions

    @Flag(help: "Print the table of every setting (name, aliases, default, meaning) as Markdown instead.")
    var markdownTable = false

    @Flag(help: "Print a settings file with every setting commented out at its default, as the Debian package installs it.")
    var envFile = false

    func run() throws {
        if markdownTable {
            print(DaemonSettings.markdownTable)
            return
        }
        if envFile {
            print(DaemonSettings.envFileTemplate)
            return
        }
        let loaded = try settings.loadPrintingNotes()
        do {
            try DaemonPreflight.check(loaded.config)
        } catch {
            printError("firepump: \(error)")
            throw ExitCode(error.exitCode)
        }
        for setting in DaemonSettings.all {
            print("\(setting.name)=\(setting.printableValue(loaded.config))")
        }
    }
}
