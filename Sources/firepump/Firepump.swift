import ArgumentParser
import FirepumpDaemon

/// `firepump`: the fire-pump controller's command line.
@main
struct Firepump: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "firepump",
        abstract: "Runs a wildfire-defence fire pump from a Raspberry Pi wired to relays.",
        version: FirepumpVersion.current,
        subcommands: [Run.self, Simulate.self, CheckConfig.self, Pins.self, Exercise.self, History.self, StopRequest.self]
    )
}
