import FirepumpCore
import PropertyBased
import Testing

/// One step of a random standby scenario: weeks of waiting with exercises, triggers, alarms and
/// restarts.
enum StandbyStep: Sendable, Hashable, CustomStringConvertible {
    case trigger
    case command(Command)
    /// A supervision (or engine-running, line-pressure) input changes.
    case input(InputRole, Bool)
    case wait(Double)
    /// `kill -9`, then a start after `downtime` (the relays keep their levels meanwhile).
    case crash(downtime: Double)
    /// A reboot or power cut, then a start after `downtime` (the relays lost power).
    case reboot(downtime: Double)

    /// Whether the step is an alarm input (removed in the differential check).
    var isAlarm: Bool {
        if case .input(let role, _) = self { return role.isSupervision }
        return false
    }

    var description: String {
        switch self {
        case .trigger: "trigger"
        case .command(let command): command.rawValue
        case .input(let role, let active): "\(role.rawValue)=\(active ? 1 : 0)"
        case .wait(let seconds): "wait \(seconds)"
        case .crash(let downtime): "crash \(downtime)"
        case .reboot(let downtime): "reboot \(downtime)"
        }
    }
}

/// A random configuration with a weekly schedule, the inputs read at boot, and the steps.
struct StandbyScenario: Sendable, CustomTestStringConvertible {
    var settings: [String: String]
    var boot: [InputRole: Bool]
    var steps: [StandbyStep]
    /// The local time zone, seconds east of UTC.
    var utcOffset: Int

    var config: PumpConfig { try! PumpSettings.parse(settings).config }

    var testDescription: String {
        let settingsText = settings.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        return "settings: \(settingsText) utcOffset: \(utcOffset)\nsteps: \(steps.map(\.description).joined(separator: "; "))"
    }
}

enum StandbyGen {
    static let scenario = Generator<StandbyScenario, Shrink.None<StandbyScenario>> { rng in make(using: &rng) }



    static func make(using rng: inout some RandomNumberGenerator) -> StandbyScenario {
        var settings: [String: String] = [:]
        let day = pick(ExerciseSchedule.dayNames, using: &rng)
        settings["EXERCISE_SCHEDULE"] = "\(day) \(String(format2(Int.random(in: 0...23, using: &rng)))):\(format2(Int.random(in: 0...59, using: &rng)))"
        let maxRuntime = pick([1800.0, seconds(120...2400, using: &rng)], using: &rng)
        settings["MAX_ENGINE_RUNTIME"] = String(maxRuntime)
        settings["PRIMING_DURATION"] = String(min(180, (maxRuntime / 2 - 5).rounded(.down)))
        settings["RPM_REDUCTION_LEAD"] = String(min(15, maxRuntime - 10))
        settings["EXERCISE_DURATION"] = String(seconds(60...maxRuntime, using: &rng))
        settings["FIRE_OFF_DELAY"] = String(pick([seconds(60...600, using: &rng), 1800], using: &rng))
        settings["RPM_REDUCTION_DURATION"] = String(seconds(0.1...30, using: &rng))
        settings["REFILL_MULTIPLIER"] = String(seconds(1...5, using: &rng))
        settings["VALVE_CLOSE_DELAY"] = String(seconds(0...900, using: &rng))
        settings["OIL_PRESSURE_SETTLE"] = String(seconds(0...60, using: &rng))
        settings["HEALTH_INTERVAL"] = "86400"
        settings["EXERCISE_VALVES"] = pick(["main_valve,priming_valve", "priming_valve", "main_valve,refill_valve"], using: &rng)
        var roles: [InputRole] = []
        for (index, role) in InputRole.supervision.enumerated() where Bool.random(using: &rng) {
            settings[PumpConfig.pinKey(role)] = String([5, 6, 17, 4, 8, 9][index])
            settings[String(PumpConfig.pinKey(role).dropLast(4)) + "_ACTION"] = "alarm"
            roles.append(role)
        }
        if Bool.random(using: &rng) {
            settings["ENGINE_RUNNING_PIN"] = "12"
            roles.append(.engineRunning)
        }
        if Bool.random(using: &rng) {
            settings["LINE_PRESSURE_PIN"] = "19"
            roles.append(.linePressure)
        }
        var boot: [InputRole: Bool] = [:]
        for role in roles { boot[role] = role.isSupervision ? Int.random(in: 0..<5, using: &rng) == 0 : Bool.random(using: &rng) }
        var steps: [StandbyStep] = []
        for _ in 0..<Int.random(in: 20...120, using: &rng) {
            switch Int.random(in: 0..<100, using: &rng) {
            case 0..<10: steps.append(.trigger)
            case 10..<18: steps.append(.command(.exercise))
            case 18..<22: steps.append(.command(pick([.stop, .reset, .start], using: &rng)))
            case 22..<45 where !roles.isEmpty: steps.append(.input(pick(roles, using: &rng), Bool.random(using: &rng)))
            case 22..<60: steps.append(.wait(seconds(0.1...900, using: &rng)))
            case 60..<85: steps.append(.wait(seconds(900...259_200, using: &rng)))
            case 85..<94: steps.append(.crash(downtime: pick([0, seconds(0.1...3600, using: &rng), seconds(3600...1_000_000, using: &rng)], using: &rng)))
            default: steps.append(.reboot(downtime: pick([seconds(0...3600, using: &rng), seconds(3600...1_000_000, using: &rng)], using: &rng)))
            }
        }
        return StandbyScenario(settings: settings, boot: boot, steps: steps, utcOffset: pick([0, -8 * 3600, 5 * 3600 + 1800], using: &rng))
    }

    private static func format2(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
}
