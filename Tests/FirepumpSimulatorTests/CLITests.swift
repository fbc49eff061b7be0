import FirepumpCore
import FirepumpSimulator
import Foundation
import Testing

/// Runs the built `firepump` binary, as other tools do. `swift test` builds every product, and
/// the binary sits next to the test executable (`.build/<config>/`); on macOS the test bundle is
/// a few directories deeper, so the search walks up.
enum FirepumpBinary {
    static let url: URL? = {
        let environment = ProcessInfo.processInfo.environment["FIREPUMP_BINARY"].map { URL(fileURLWithPath: $0) }
        var directory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        if !FileManager.default.fileExists(atPath: "/proc/self/exe") {
            directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        }
        var candidates = environment.map { [$0] } ?? []
        for _ in 0..<5 {
            candidates.append(directory.appendingPathComponent("firepump"))
            directory.deleteLastPathComponent()
        }
        return candidates.first { url in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && !isDirectory.boolValue
                && FileManager.default.isExecutableFile(atPath: url.path)
        }
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var stdoutLines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) }
        var stderrLines: [String] { stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) }
    }

    /// Runs `firepump simulate` with `arguments`; output goes through files (no pipe deadlock).
    static func simulate(_ arguments: [String], in directory: URL) throws -> Result {
        try run(["simulate"] + arguments, in: directory)
    }

    /// Runs `firepump` with `arguments` (the subcommand first), with `environment` added to this
    /// process's.
    static func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> Result {
        let binary = try #require(url, "the firepump binary was not found next to the tests: run `swift build` first or set FIREPUMP_BINARY")
        let out = directory.appendingPathComponent("stdout-\(UUID().uuidString)")
        let err = directory.appendingPathComponent("stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        process.currentDirectoryURL = directory
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: try String(contentsOf: out, encoding: .utf8),
            stderr: try String(contentsOf: err, encoding: .utf8))
    }
}

/// A fresh temporary directory per test.
struct Scratch: ~Copyable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("firepump-simtests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func write(_ name: String, _ text: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }
}

@Suite("The firepump simulate command line")
struct CLITests {
    static let fireRun: String = {
        var scenario = ScenarioBuilder(duration: 3000, config: [("RESERVOIR_FLOAT_PIN", 16), ("FIRE_OFF_DELAY", 600)])
        scenario.triggers(from: 0, every: 300, through: 900)
        scenario.input(at: 2000, pin: 16, level: 0)
        return scenario.json
    }()

    @Test("a valid scenario: exit 0, the jsonl timeline on stdout, nothing on stderr")
    func validScenario() throws {
        let scratch = try Scratch()
        let path = try scratch.write("fire.json", Self.fireRun)
        let result = try FirepumpBinary.simulate([path], in: scratch.url)
        #expect(result.status == 0)
        #expect(result.stderr == "")
        let lines = result.stdoutLines
        #expect(lines.allSatisfy { $0.hasPrefix(#"{"t":"#) && $0.hasSuffix("}") })
        #expect(lines.last?.hasPrefix(#"{"t":3000,"event":"end","state":"IDLE","outputs":{"#) == true)
        // Exactly what the library produces.
        let library = try Timeline.run(json: Self.fireRun)
        #expect(lines == library.jsonl)
    }

    @Test("an invalid scenario: exit 2, one line on stderr naming the field, nothing on stdout", arguments: [
        ("{\"duration\": 10, \"events\": [", "not valid JSON"),
        (#"{"events": []}"#, "duration: is required"),
        (#"{"duration": 10, "events": [{"at": -1, "restart": true}]}"#, "events[0].at: must be at least 0"),
        (#"{"duration": 10, "events": [{"at": 1, "input": {"pin": 16, "level": 1}}]}"#, "events[0].input.pin: GPIO 16 is not a configured input"),
        (#"{"duration": 10, "config": {"MAX_ENGINE_RUNTIME": 30}}"#, "config.MAX_ENGINE_RUNTIME: \"30\": must be at least 60"),
        (#"{"duration": 10, "config": {"MAX_ENGINE_RUNTIME": "1\n2"}}"#, "config.MAX_ENGINE_RUNTIME: \"1\\n2\""),
        (#"{"duration": 10, "config": {"NO_SUCH_SETTING": 1}}"#, "config.NO_SUCH_SETTING: unknown setting"),
    ] as [(String, String)])
    func invalidScenario(json: String, message: String) throws {
        let scratch = try Scratch()
        let path = try scratch.write("bad.json", json)
        let result = try FirepumpBinary.simulate([path], in: scratch.url)
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(result.stderrLines.count == 1, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("firepump simulate: \(path): "))
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test("a missing scenario file or a bad --config file: exit 2, one line on stderr")
    func missingFiles() throws {
        let scratch = try Scratch()
        let missing = try FirepumpBinary.simulate([scratch.url.appendingPathComponent("nope.json").path], in: scratch.url)
        #expect(missing.status == 2)
        #expect(missing.stdout == "")
        #expect(missing.stderrLines.count == 1)
        #expect(missing.stderr.contains("nope.json"))

        let scenario = try scratch.write("ok.json", #"{"duration": 10}"#)
        let settings = try scratch.write("bad.env", "MAX_ENGINE_RUNTIME=10\n")
        let bad = try FirepumpBinary.simulate([scenario, "--config", settings], in: scratch.url)
        #expect(bad.status == 2)
        #expect(bad.stdout == "")
        #expect(bad.stderrLines.count == 1)
        #expect(bad.stderr.contains("MAX_ENGINE_RUNTIME"), "\(bad.stderr)")
    }

    @Test("--config applies under the scenario's config; unknown keys there only warn")
    func configFile() throws {
        let scratch = try Scratch()
        let scenario = try scratch.write("s.json", #"{"config": {"PRE_OPEN_DELAY": 4}, "duration": 20, "events": [{"at": 0, "mqtt": {"topic": "fire/trigger", "payload": "fire"}}]}"#)
        let settings = try scratch.write("pump.env", "PRE_OPEN_DELAY=3\nIGNITION_START_DURATION=6\nSOMETHING_LOCAL=1\n")
        let result = try FirepumpBinary.simulate([scenario, "--config", settings], in: scratch.url)
        #expect(result.status == 0)
        #expect(result.stderrLines.count == 1)
        #expect(result.stderr.contains("SOMETHING_LOCAL"))
        #expect(result.stdoutLines.contains(#"{"t":4,"event":"state","from":"PRIMING","to":"STARTING"}"#), "the scenario's 4 s wins")
        #expect(result.stdoutLines.contains(#"{"t":10,"event":"state","from":"STARTING","to":"RUNNING"}"#), "the file's 6 s crank applies")
    }

    @Test("--format text: one line per timeline entry, for people")
    func textFormat() throws {
        let scratch = try Scratch()
        let path = try scratch.write("fire.json", Self.fireRun)
        let jsonl = try FirepumpBinary.simulate([path], in: scratch.url)
        let text = try FirepumpBinary.simulate([path, "--format", "text"], in: scratch.url)
        #expect(text.status == 0)
        #expect(text.stdoutLines.count == jsonl.stdoutLines.count)
        #expect(text.stdoutLines.contains(" 0:00:00.000  STATE    IDLE -> PRIMING"))
        #expect(text.stdoutLines.contains(" 0:00:07.000  PIN      ignition_on     ON   (GPIO 24 level 1)"))
        #expect(text.stdoutLines.last == " 0:50:00.000  END      IDLE, outputs on: none")
    }

    @Test("--svg writes a timing diagram: an SVG document with state bands and a lane per output and fitted input")
    func svg() throws {
        let scratch = try Scratch()
        let path = try scratch.write("fire.json", Self.fireRun)
        let svgPath = scratch.url.appendingPathComponent("fire.svg").path
        let result = try FirepumpBinary.simulate([path, "--svg", svgPath], in: scratch.url)
        #expect(result.status == 0)
        #expect(result.stdoutLines.last?.contains(#""event":"end""#) == true, "the timeline is still printed")
        let svg = try String(contentsOfFile: svgPath, encoding: .utf8)
        try SVGCheck.wellFormed(svg)
        let labels = Set(svg.split(separator: "<text ").compactMap { $0.split(separator: ">").dropFirst().first?.split(separator: "<").first.map(String.init) })
        for output in Output.allCases { #expect(labels.contains(output.rawValue), "lane for \(output)") }
        #expect(labels.contains("reservoir_float (input)"), "lane for the fitted float")
        #expect(!labels.contains("line_pressure (input)"), "no lane for inputs that are not fitted")
        #expect(labels.isSuperset(of: ["state", "RUNNING", "REFILLING", "IDLE"]), "state bands")
    }
}

/// A small well-formedness check for the SVG: balanced tags, quoted attributes, escaped text.
enum SVGCheck {
    static func wellFormed(_ svg: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""), sourceLocation: sourceLocation)
        #expect(svg.hasSuffix("</svg>\n"), sourceLocation: sourceLocation)
        var open: [Substring] = []
        var rest = svg[...]
        while let start = rest.firstIndex(of: "<") {
            let text = rest[..<start]
            #expect(!text.contains(">"), "stray > in text: \(text.prefix(40))", sourceLocation: sourceLocation)
            try checkEntities(text, sourceLocation: sourceLocation)
            let end = try #require(rest[start...].firstIndex(of: ">"), "unterminated tag", sourceLocation: sourceLocation)
            let tag = rest[rest.index(after: start)..<end]
            rest = rest[rest.index(after: end)...]
            if tag.hasPrefix("/") {
                let name = tag.dropFirst()
                #expect(open.popLast() == name, "closing \(name) out of order", sourceLocation: sourceLocation)
            } else {
                let name = tag.prefix { !$0.isWhitespace && $0 != "/" }
                #expect(!name.isEmpty, "empty tag name", sourceLocation: sourceLocation)
                #expect(tag.filter { $0 == "\"" }.count % 2 == 0, "unbalanced quotes in <\(tag)>", sourceLocation: sourceLocation)
                try checkEntities(tag, sourceLocation: sourceLocation)
                if !tag.hasSuffix("/") { open.append(name) }
            }
        }
        #expect(open.isEmpty, "unclosed: \(open)", sourceLocation: sourceLocation)
    }

    private static func checkEntities(_ text: Substring, sourceLocation: SourceLocation) throws {
        var rest = text
        while let amp = rest.firstIndex(of: "&") {
            let after = rest[rest.index(after: amp)...]
            let entity = after.prefix { $0 != ";" }
            #expect(["amp", "lt", "gt", "quot", "apos"].contains(entity) || entity.hasPrefix("#"), "raw & in \(text.prefix(60))", sourceLocation: sourceLocation)
            rest = after
        }
    }
}
