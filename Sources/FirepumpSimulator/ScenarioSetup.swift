import FirepumpCore
import FirepumpSettings

extension Scenario {
    /// The configuration a scenario runs with: the defaults, then `fileSettings` (from
    /// `--config`), then the scenario's own `config`. Unknown keys in the scenario are errors
    /// (a typo in a rehearsal must not pass silently); unknown keys in the file are returned.
    public func resolveConfig(fileSettings: [String: String]) throws(ScenarioError) -> (DaemonConfig, unknownFileKeys: [String]) {
        for key in config.keys.sorted() where DaemonSettings.named(key) == nil && !DaemonSettings.table.ignoredForCompatibility.contains(key) {
            throw ScenarioError(field: "config.\(key)", problem: "unknown setting")
        }
        let outcome: SettingsTable<DaemonConfig>.Outcome
        do {
            outcome = try DaemonSettings.parse(fileSettings.merging(config) { _, scenario in scenario })
        } catch {
            let field = config[error.key] != nil ? "config.\(error.key)" : error.key
            throw ScenarioError(field: field, problem: "\"\(error.value)\": \(error.rule)")
        }
        try checkInputPins(outcome.config.pump)
        return (outcome.config, outcome.unknownKeys.filter { config[$0] == nil })
    }

    /// An `input` event must name a configured input pin.
    private func checkInputPins(_ config: PumpConfig) throws(ScenarioError) {
        let inputLines = Set(InputRole.allCases.compactMap { config.inputs[$0].line })
        for event in events.sorted(by: { $0.index < $1.index }) {
            guard case .input(let pin, _) = event.happening, !inputLines.contains(pin) else { continue }
            throw ScenarioError(field: "events[\(event.index)].input.pin",
                                problem: "GPIO \(pin) is not a configured input (set RESERVOIR_FLOAT_PIN, LINE_PRESSURE_PIN, ... to it)")
        }
    }
}
