/// The settings of exercise runs and engine supervision, which have formats of their own.
extension Setting where Target == PumpConfig {
    /// A supervision input's `*_ACTION`: `alarm` or `stop`.
    static func alarmAction(_ name: String, _ role: InputRole) -> Self {
        let meaning = role == .overspeed
            ? "`alarm`: report only; `stop`: stop the engine and latch ERROR (default stop: overspeed wrecks the engine in seconds)"
            : "`alarm`: report only (default: in a fire the pump must keep running); `stop`: stop the engine and latch ERROR"
        return Setting(name: name, aliases: [], meaning: meaning, value: { $0.alarmActions[role].rawValue }) {
            (config: inout PumpConfig, text: String) throws(ConfigError) in
            guard let action = AlarmAction(rawValue: text.trimmed.lowercased()) else {
                throw ConfigError(key: name, value: text, rule: "must be alarm or stop")
            }
            config.alarmActions[role] = action
        }
    }

    /// `off`, or a weekday and a 24-hour local time such as `Sun 10:00`.
    static func exerciseSchedule(_ name: String) -> Self {
        Setting(name: name, aliases: [], meaning: "weekly exercise run, local time: `off`, or a day and a 24-hour time such as `Sun 10:00` (days Mon, Tue, Wed, Thu, Fri, Sat, Sun)",
                value: { $0.exerciseSchedule?.description ?? "off" }) {
            (config: inout PumpConfig, text: String) throws(ConfigError) in
            let trimmed = text.trimmed
            if trimmed.isEmpty || trimmed.lowercased() == "off" {
                config.exerciseSchedule = nil
                return
            }
            guard let schedule = ExerciseSchedule(parsing: trimmed) else {
                throw ConfigError(key: name, value: text, rule: "must be off, or a day (Mon…Sun) and a 24-hour time HH:MM, such as Sun 10:00")
            }
            config.exerciseSchedule = schedule
        }
    }

    /// The exercise's engine running time, 60 s or more (and at most `MAX_ENGINE_RUNTIME`,
    /// checked with the other timings); empty for unset.
    static func exerciseDuration(_ name: String) -> Self {
        Setting(name: name, aliases: [], meaning: "engine running time of an exercise run, at most MAX_ENGINE_RUNTIME; unset: 600, or MAX_ENGINE_RUNTIME if shorter",
                value: { $0.timing.exerciseDuration.map(format) ?? "" }) {
            (config: inout PumpConfig, text: String) throws(ConfigError) in
            if text.trimmed.isEmpty {
                config.timing.exerciseDuration = nil
                return
            }
            guard let value = Double(text.trimmed), value.isFinite else { throw ConfigError(key: name, value: text, rule: "must be a number") }
            guard value >= 60 else { throw ConfigError(key: name, value: text, rule: "must be at least 60") }
            config.timing.exerciseDuration = value
        }
    }

    /// The valves an exercise opens: a comma-separated list of `main_valve`, `priming_valve` and
    /// `refill_valve`, with at least one way out for the water (main or priming valve).
    static func exerciseValves(_ name: String) -> Self {
        let valves: [Output] = [.mainValve, .primingValve, .refillValve]
        return Setting(name: name, aliases: [], meaning: "valves open during an exercise: main_valve, priming_valve, refill_valve, comma-separated; main_valve or priming_valve required (a running engine pump must never deadhead)",
                       value: { $0.exerciseValves.map(\.rawValue).joined(separator: ",") }) {
            (config: inout PumpConfig, text: String) throws(ConfigError) in
            var chosen: [Output] = []
            for word in text.split(separator: ",", omittingEmptySubsequences: false).map({ String($0).trimmed.lowercased() }) {
                guard let valve = Output(rawValue: word), valves.contains(valve) else {
                    throw ConfigError(key: name, value: text, rule: "'\(word)' is not one of main_valve, priming_valve, refill_valve")
                }
                guard !chosen.contains(valve) else { throw ConfigError(key: name, value: text, rule: "names \(word) twice") }
                chosen.append(valve)
            }
            guard chosen.contains(.mainValve) || chosen.contains(.primingValve) else {
                throw ConfigError(key: name, value: text, rule: "must include main_valve or priming_valve: the engine pump must have a way out for its water")
            }
            config.exerciseValves = chosen
        }
    }
}
