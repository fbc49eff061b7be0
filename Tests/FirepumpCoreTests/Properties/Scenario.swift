import FirepumpCore
import PropertyBased
import Testing

/// One step of a random scenario.
enum Step: Sendable, Hashable, CustomStringConvertible {
    /// A fire trigger.
    case trigger
    /// An operator command.
    case command(Command)
    /// An input line changes to a logical level.
    case input(InputRole, Bool)
    /// Time passes; the owner ticks at every deadline (as the daemon does).
    case wait(Double)
    /// Time passes with the owner stalled: one late tick at the end.
    case late(Double)
    /// `kill -9`, then a restart on the same monotonic time line after `downtime`; the inputs in
    /// `flips` change while the process is down. Relays keep their levels meanwhile.
    case crash(downtime: Double, flips: [InputRole])
    /// A reboot or power cut, then a start after `downtime`: the relays lost power meanwhile.
    case reboot(downtime: Double)
    /// SIGTERM (the owner ticks until ``PumpStateMachine/readyToExit``), then a restart after `downtime`.
    case sigterm(keepRunning: Bool, downtime: Double)
    /// A message refused by the wire layer.
    case refused
    /// A failure (or recovery) at the edges, reported back by the runtime.
    case fault(Fault)

    var description: String {
        switch self {
        case .trigger: "trigger"
        case .command(let command): command.rawValue
        case .input(let role, let active): "\(role.rawValue)=\(active ? 1 : 0)"
        case .wait(let seconds): "wait \(seconds)"
        case .late(let seconds): "late \(seconds)"
        case .crash(let downtime, let flips): "crash \(downtime)" + (flips.isEmpty ? "" : " flip \(flips.map(\.rawValue))")
        case .reboot(let downtime): "reboot \(downtime)"
        case .sigterm(let keep, let downtime): "sigterm\(keep ? " keep" : "") \(downtime)"
        case .refused: "refused"
        case .fault(let fault): "\(fault)"
        }
    }
}

/// What the runtime reports back when the edges fail or recover.
enum Fault: Sendable, Hashable {
    case outputFailed(Output)
    case outputRecovered(Output)
    case inputLost(InputRole)
    case saveFailed
    case saveRecovered

    var event: PumpEvent {
        switch self {
        case .outputFailed(let output): .outputWriteFailed(output, error: "EIO")
        case .outputRecovered(let output): .outputWriteRecovered(output)
        case .inputLost(let role): .inputLost(role, error: "reader stopped")
        case .saveFailed: .stateSaveFailed(error: "ENOSPC", savedIn: ["runtime"])
        case .saveRecovered: .stateSaveRecovered
        }
    }
}

/// A random configuration, the inputs read at the first boot, and the steps that follow.
struct Scenario: Sendable, CustomTestStringConvertible {
    var settings: [String: String]
    var boot: [InputRole: Bool]
    var steps: [Step]

    var config: PumpConfig {
        // The generator only produces valid settings; a failure here is a generator bug.
        try! PumpSettings.parse(settings).config
    }

    var testDescription: String {
        let settingsText = settings.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let bootText = boot.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue)=\($0.value ? 1 : 0)" }.joined(separator: " ")
        return "settings: \(settingsText)\nboot: \(bootText)\nsteps: \(steps.map(\.description).joined(separator: "; "))"
    }
}

enum ScenarioGen {
    /// Random scenarios. Shrinking is off: a failure prints the whole scenario and the
    /// `.fixedSeed(...)` that replays it.
    static let scenario = Generator<Scenario, Shrink.None<Scenario>> { rng in make(using: &rng) }



    private static func text(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    static func settings(using rng: inout some RandomNumberGenerator) -> [String: String] {
        var settings: [String: String] = [:]
        for (index, role) in InputRole.allCases.filter({ !$0.isSupervision }).enumerated() where Bool.random(using: &rng) {
            settings[PumpConfig.pinKey(role)] = String([16, 19, 20, 21, 13, 12][index])
        }
        if Bool.random(using: &rng) { settings["IGNITION_ON_DURING_CRANK"] = "true" }
        // A 60 s health period over 100 000 s waits would make most handle calls health ticks.
        settings["HEALTH_INTERVAL"] = Int.random(in: 0..<20, using: &rng) == 0 ? "60" : pick(["600", "3600", "86400"], using: &rng)
        settings["INPUT_DEBOUNCE"] = pick(["0", "0.1", "0.5"], using: &rng)
        settings["PRESSURE_DEBOUNCE"] = pick(["0", "2"], using: &rng)
        settings["EMERGENCY_LONG_PRESS"] = pick(["0.5", "3"], using: &rng)
        settings["MAX_CRANK_ATTEMPTS"] = String(Int.random(in: 1...4, using: &rng))
        settings["CRANK_REST"] = text(seconds(0...20, using: &rng))
        guard Double.random(in: 0..<1, using: &rng) < 0.75 else { return settings } // default timings
        let maxRuntime = seconds(60...2400, using: &rng)
        let crank = seconds(0.1...10, using: &rng)
        settings["MAX_ENGINE_RUNTIME"] = text(maxRuntime)
        settings["IGNITION_START_DURATION"] = text(crank)
        // 11, not 10: rounded to one decimal, 71.1 − 61.1 is 9.999… in floating point, which the rule refuses.
        settings["RPM_REDUCTION_LEAD"] = text(seconds(0...(maxRuntime - 11), using: &rng))
        settings["PRIMING_DURATION"] = text(max(0.1, (Double.random(in: 0.1...(maxRuntime / 2 - crank), using: &rng) * 10).rounded(.down) / 10))
        settings["PRE_OPEN_DELAY"] = text(seconds(0...5, using: &rng))
        settings["FIRE_OFF_DELAY"] = text(pick([seconds(1...20, using: &rng), seconds(20...600, using: &rng), seconds(600...3000, using: &rng)], using: &rng))
        settings["RPM_REDUCTION_DURATION"] = text(seconds(0.1...30, using: &rng))
        settings["IGNITION_OFF_DURATION"] = text(seconds(0.1...10, using: &rng))
        settings["VALVE_CLOSE_DELAY"] = text(seconds(0...900, using: &rng))
        settings["REFILL_MULTIPLIER"] = text(seconds(1...5, using: &rng))
        settings["COOLDOWN_DURATION"] = text(seconds(0...120, using: &rng))
        settings["MAX_DRY_RUN_TIME"] = text(seconds(30...400, using: &rng))
        settings["PRESSURE_CHECK_DELAY"] = text(seconds(0...120, using: &rng))
        return settings
    }

    static func make(using rng: inout some RandomNumberGenerator) -> Scenario {
        let settings = settings(using: &rng)
        let config = try! PumpSettings.parse(settings).config
        let fitted = InputRole.allCases.filter { config.isFitted($0) }
        var boot: [InputRole: Bool] = [:]
        for role in fitted { boot[role] = Bool.random(using: &rng) }
        var steps: [Step] = []
        for _ in 0..<Int.random(in: 10...120, using: &rng) {
            let roll = Int.random(in: 0..<110, using: &rng)
            switch roll {
            case 0..<14: steps.append(.trigger)
            case 14..<22: steps.append(.command(pick(Command.allCases, using: &rng)))
            case 22..<46 where !fitted.isEmpty: steps.append(.input(pick(fitted, using: &rng), Bool.random(using: &rng)))
            case 22..<46, 46..<64: steps.append(.wait(seconds(0.1...5, using: &rng)))
            case 64..<78: steps.append(.wait(seconds(5...400, using: &rng)))
            case 78..<84: steps.append(.wait(seconds(400...100_000, using: &rng)))
            case 84..<89: steps.append(.late(seconds(1...5000, using: &rng)))
            case 89..<95:
                let flips = fitted.filter { _ in Double.random(in: 0..<1, using: &rng) < 0.3 }
                steps.append(.crash(downtime: pick([0, seconds(0.1...60, using: &rng), seconds(60...20_000, using: &rng)], using: &rng), flips: flips))
            case 95..<98: steps.append(.sigterm(keepRunning: Bool.random(using: &rng), downtime: seconds(0...600, using: &rng)))
            case 100..<106: steps.append(.fault(fault(fitted: fitted, using: &rng)))
            case 106..<110: steps.append(.reboot(downtime: pick([0, seconds(0.1...60, using: &rng), seconds(60...20_000, using: &rng)], using: &rng)))
            default: steps.append(.refused)
            }
        }
        return Scenario(settings: settings, boot: boot, steps: steps)
    }

    private static func fault(fitted: [InputRole], using rng: inout some RandomNumberGenerator) -> Fault {
        switch Int.random(in: 0..<5, using: &rng) {
        case 0: .outputFailed(pick(Output.allCases, using: &rng))
        case 1: .outputRecovered(pick(Output.allCases, using: &rng))
        case 2 where !fitted.isEmpty: .inputLost(pick(fitted, using: &rng))
        case 3: .saveRecovered
        default: .saveFailed
        }
    }
}
