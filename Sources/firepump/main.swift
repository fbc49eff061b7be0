import ArgumentParser

/// `firepump`: the fire-pump controller's command line.
struct Firepump: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "firepump",
        abstract: "Runs a wildfire-defence fire pump from a Raspberry Pi wired to relays.",
        subcommands: [Simulate.self]
    )
}

Firepump.main()
