import FirepumpCore
import FirepumpSettings

/// The output levels a `firepump run --mock` child logged (`mock pin changed`), read from its
/// output: the only record of its pins outside its process. Every test output is active-high, so
/// a high line is an output on. Requests are logged too, with the level they were made at.
struct MockPinLog {
    /// Each change in order: the output and whether it went on.
    let changes: [(output: Output, on: Bool)]

    init(_ output: String, config: PumpConfig = PumpConfig()) {
        let outputsByLine = Dictionary(Output.allCases.map { (config.outputs[$0].line, $0) }) { first, _ in first }
        changes = output.split(separator: "\n").filter { $0.contains("mock pin changed") }.compactMap { line in
            let fields = line.split(separator: " ")
            guard let number = fields.first(where: { $0.hasPrefix("pin.line=") }).flatMap({ Int($0.dropFirst("pin.line=".count)) }),
                let output = outputsByLine[number]
            else { return nil }
            return (output, line.contains("pin.level=high"))
        }
    }

    /// The level each output was first driven or requested at.
    var first: [Output: Bool] {
        changes.reduce(into: [:]) { levels, change in if levels[change.output] == nil { levels[change.output] = change.on } }
    }

    /// The level each output was left at.
    var last: [Output: Bool] {
        changes.reduce(into: [:]) { levels, change in levels[change.output] = change.on }
    }

    /// The levels one output went through, in order.
    func levels(of output: Output) -> [Bool] {
        changes.filter { $0.output == output }.map(\.on)
    }
}
