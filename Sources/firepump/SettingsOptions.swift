import ArgumentParser

/// `--config` and `--board`, shared by `run`, `pins` and `check-config`.
struct SettingsOptions: ParsableArguments {
    @Option(help: "A KEY=value settings file, as systemd EnvironmentFile= and docker --env-file read (the environment wins over it).")
    var config: String?

    @Option(help: "Board pin map: a name in boards/ (pi3bplus, pi4b, pi5, zero2w) or a path to a board file (overrides BOARD).")
    var board: String?

    /// Loads and validates the settings (see ``SettingsSource``). An error goes to stderr and
    /// becomes the exit status: 2 for bad configuration.
    func load(environment: [String: String] = processEnvironment(), overrides: [String: String] = [:]) throws(ExitCode) -> SettingsSource.Loaded {
        do {
            return try SettingsSource(configFile: config, environment: environment, board: board).load(overrides: overrides)
        } catch {
            printError("firepump: \(error)")
            throw ExitCode(error.exitCode)
        }
    }

    /// ``load(environment:overrides:)`` for a one-shot command: each note becomes a warning line on stderr.
    func loadPrintingNotes() throws(ExitCode) -> SettingsSource.Loaded {
        let loaded = try load()
        for note in loaded.notes { printError("firepump: warning: \(note)") }
        return loaded
    }
}
