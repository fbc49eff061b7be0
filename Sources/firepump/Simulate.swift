import ArgumentParser
import FirepumpCore
import FirepumpSettings
import FirepumpSimulator

/// `firepump simulate`: runs a scenario through the controller on a virtual clock.
struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a scenario through the controller on a virtual clock and print the timeline.",
        discussion: "Exit status: 0 on success, 2 when the scenario or the configuration is invalid (one line on stderr)."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case jsonl, text
    }

    @Argument(help: "The scenario file (JSON).")
    var scenario: String

    @Option(help: "A KEY=value settings file applied before the scenario's config.")
    var config: String?

    @Option(help: "Timeline format: jsonl (for tools) or text (for people).")
    var format: Format = .jsonl

    @Option(help: "Also write a timing diagram to this SVG file.")
    var svg: String?

    func run() throws {
        let scenario: Scenario
        let settings: DaemonConfig
        do {
            scenario = try Scenario.decode(try readFile(self.scenario))
            let fileSettings = try config.map { path throws(CommandFailure) in try readSettings(path) } ?? [:]
            let resolved = try scenario.resolveConfig(fileSettings: fileSettings)
            settings = resolved.0
            if let note = unknownSettingsNote(resolved.unknownFileKeys, file: config ?? "") { printError("firepump simulate: warning: \(note)") }
        } catch let error as ScenarioError {
            printError("firepump simulate: \(self.scenario): \(error)")
            throw ExitCode(2)
        } catch let error as CommandFailure {
            printError("firepump simulate: \(error)")
            throw ExitCode(2)
        }
        let simulation = Simulation(scenario: scenario, settings: settings)
        let timeline: [TimelineEntry]
        do {
            timeline = try simulation.run()
        } catch {
            printError("firepump simulate: \(error)")
            throw ExitCode(1)
        }
        var out = ""
        for entry in timeline {
            out += (format == .jsonl ? entry.jsonLine : entry.textLine) + "\n"
        }
        print(out, terminator: "")
        if let svg {
            let diagram = TimingDiagram(
                timeline: timeline, inputs: simulation.inputSamples, config: simulation.config, topics: simulation.topics,
                duration: scenario.duration, events: scenario.events)
            do {
                try writeFile(svg, diagram.svg)
            } catch {
                printError("firepump simulate: \(error)")
                throw ExitCode(1)
            }
        }
    }
}
