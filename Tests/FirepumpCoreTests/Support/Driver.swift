import FirepumpCore

/// An instant `seconds` after the test's origin. Tests boot at `t(0)` and read as "T+seconds".
func t(_ seconds: Double) -> Instant { Instant(seconds: seconds) }

/// A ``PumpAction`` with its report rendered as published (name and fields), so tests state
/// expected actions in the wire vocabulary of the reference.
enum WireAction: Hashable {
    case phaseChanged(from: Phase, to: Phase)
    case drive(Output, on: Bool)
    case report(ReportedEvent)
    case publishHealth
    case persist

    init(_ action: PumpAction) {
        switch action {
        case .phaseChanged(let from, let to): self = .phaseChanged(from: from, to: to)
        case .drive(let output, let on): self = .drive(output, on: on)
        case .report(let report): self = .report(report.wire)
        case .publishHealth: self = .publishHealth
        case .persist: self = .persist
        }
    }
}

/// One action with the instant the machine returned it.
struct Timed: Hashable, CustomStringConvertible {
    var at: Instant
    var action: WireAction
    /// Periodic bookkeeping (a runtime checkpoint's save), left out of ``actions`` and ``instants``
    /// like health reports: stories state what the pump does.
    var bookkeeping = false

    var description: String { "\(at.seconds): \(action)" }
}

/// Drives a ``PumpStateMachine`` on a virtual clock so that tests read as stories.
///
/// Every `handle` call is recorded with its instant and actions. ``advance(to:)`` plays the owner's
/// part: it handles `.tick` exactly at each ``PumpStateMachine/nextDeadline`` up to the target, so
/// deadlines act at their own instant. The logical output levels are rebuilt from the `drive`
/// actions alone (the machine's own record is checked against them in ``checkOutputsAgree()``).
struct Driver {
    private(set) var machine: PumpStateMachine
    private(set) var now: Instant
    /// Every action returned so far, with its instant.
    private(set) var log: [Timed] = []
    /// Output levels rebuilt from the `drive` actions.
    private(set) var outputs: OutputLevels
    /// The raw logical level of every input as the driver last reported it (what a reboot reads).
    private(set) var inputLevels: [InputRole: Bool]

    var state: PumpState { machine.state }
    var phase: Phase { machine.state.phase }
    var config: PumpConfig { machine.config }

    /// A freshly booted machine (or one restoring `persisted`) at `start`, with the inputs read at boot.
    init(
        _ config: PumpConfig = PumpConfig(), inputs: [InputRole: Bool] = [:], at start: Instant = t(0),
        restoring persisted: PumpState? = nil
    ) {
        machine = PumpStateMachine(config: config, restoring: persisted)
        now = start
        outputs = persisted?.outputs ?? .safe
        inputLevels = inputs
        send(.booted(inputs: inputs))
    }

    /// Handles `event` at the current instant; returns (and logs) its actions.
    @discardableResult
    mutating func send(_ event: PumpEvent) -> [WireAction] {
        if case .inputChanged(let role, let active) = event { inputLevels[role] = active }
        var before = machine.state
        let actions = machine.handle(event, at: now).map(WireAction.init)
        before.engineAliveAt = machine.state.engineAliveAt
        let checkpointOnly = event == .tick && actions == [.persist] && before == machine.state
        for action in actions {
            log.append(Timed(at: now, action: action, bookkeeping: checkpointOnly))
            if case .drive(let output, let on) = action { outputs[output] = on }
        }
        return actions
    }

    /// Advances to `target`, then handles `event` there.
    @discardableResult
    mutating func send(_ event: PumpEvent, at target: Instant) -> [WireAction] {
        advance(to: target)
        return send(event)
    }

    mutating func trigger(at target: Instant) { send(.trigger, at: target) }

    mutating func command(_ command: Command, at target: Instant) -> [WireAction] { send(.command(command), at: target) }

    mutating func input(_ role: InputRole, _ active: Bool, at target: Instant) { send(.inputChanged(role, active: active), at: target) }

    /// Plays the owner: a `.tick` at every deadline up to and including `target`. Returns what happened.
    @discardableResult
    mutating func advance(to target: Instant) -> [Timed] {
        let first = log.count
        var ticks = 0
        while let next = machine.nextDeadline, next <= target {
            ticks += 1
            precondition(ticks < 1_000_000, "deadlines keep coming without time passing")
            now = max(now, next)
            send(.tick)
        }
        now = max(now, target)
        return Array(log[first...])
    }

    @discardableResult
    mutating func advance(by seconds: Double) -> [Timed] { advance(to: now + seconds) }

    /// The owner was not called for a while (a stalled loop): one late `.tick` at `target`.
    @discardableResult
    mutating func tickLate(at target: Instant) -> [WireAction] {
        now = max(now, target)
        return send(.tick)
    }

    /// A crash (`kill -9`) now and a restart after `downtime` on the same monotonic time line:
    /// the relays keep their levels, the new process restores the persisted state and boots.
    /// `inputs` overrides what the inputs read at boot.
    @discardableResult
    mutating func restart(after downtime: Double, inputs changed: [InputRole: Bool] = [:]) -> [WireAction] {
        let persisted = machine.state
        now = now + downtime
        inputLevels.merge(changed) { _, new in new }
        machine = PumpStateMachine(config: machine.config, restoring: persisted)
        return send(.booted(inputs: inputLevels))
    }

    /// A reboot or power cut now and a start after `downtime`: the relay board lost power (every
    /// output is off), the new process restores the persisted state and boots knowing it rebooted.
    @discardableResult
    mutating func reboot(after downtime: Double) -> [WireAction] {
        let persisted = machine.state
        now = now + downtime
        outputs = .safe
        machine = PumpStateMachine(config: machine.config, restoring: persisted)
        return send(.booted(inputs: inputLevels, rebooted: true))
    }

    // MARK: - Reading the log

    /// Actions returned in `(from, to]`, or all of them.
    func actions(from: Instant? = nil, through: Instant? = nil) -> [WireAction] {
        log.filter { entry in
            (from.map { entry.at > $0 } ?? true) && (through.map { entry.at <= $0 } ?? true)
        }.map(\.action)
    }

    /// Every change of `output`, in order.
    func changes(of output: Output) -> [(at: Instant, on: Bool)] {
        log.compactMap { entry in
            if case .drive(output, let on) = entry.action { return (entry.at, on) }
            return nil
        }
    }

    /// When `output` last turned `on` (or off), if ever.
    func lastChange(of output: Output, to on: Bool) -> Instant? {
        changes(of: output).last { $0.on == on }?.at
    }

    /// Every phase change, in order.
    var phases: [(at: Instant, from: Phase, to: Phase)] {
        log.compactMap { entry in
            if case .phaseChanged(let from, let to) = entry.action { return (entry.at, from, to) }
            return nil
        }
    }

    /// When the machine last entered `phase`.
    func entered(_ phase: Phase) -> Instant? { phases.last { $0.to == phase }?.at }

    /// Every reported event named `name`.
    func reports(_ name: String) -> [(at: Instant, event: ReportedEvent)] {
        log.compactMap { entry in
            if case .report(let event) = entry.action, event.name == name { return (entry.at, event) }
            return nil
        }
    }

    func reported(_ name: String) -> Bool { !reports(name).isEmpty }

    /// The names of every event reported in `(from, to]`.
    func reportNames(from: Instant? = nil, through: Instant? = nil) -> [String] {
        actions(from: from, through: through).compactMap {
            if case .report(let event) = $0 { return event.name }
            return nil
        }
    }
}

// MARK: - Building expected action lists

extension WireAction {
    static func on(_ output: Output) -> WireAction { .drive(output, on: true) }
    static func off(_ output: Output) -> WireAction { .drive(output, on: false) }
    static func phase(_ from: Phase, _ to: Phase) -> WireAction { .phaseChanged(from: from, to: to) }
    static func event(_ name: String, _ fields: [JSONValue.Member] = []) -> WireAction { .report(ReportedEvent(name, fields)) }

    /// The event, if this action reports one.
    var reportedEvent: ReportedEvent? {
        if case .report(let event) = self { return event }
        return nil
    }
}

extension JSONValue.Member {
    static func field(_ key: String, _ value: JSONValue) -> JSONValue.Member { JSONValue.Member(key, value) }
}

extension [WireAction] {
    /// Without health reports (they interleave with everything on a 60 s period).
    var withoutHealth: [WireAction] { filter { $0 != .publishHealth } }
}

// MARK: - Configurations

/// A configuration parsed from settings exactly as the daemon would, so it is always valid.
func pumpConfig(_ settings: [String: String] = [:]) throws -> PumpConfig {
    try PumpSettings.parse(settings).config
}

/// BCM lines for the optional inputs, clear of the default outputs (18, 22-27).
let inputPins = CaseTable<InputRole, String> { role in
    switch role {
    case .reservoirFloat: "16"
    case .linePressure: "19"
    case .flowSensor: "20"
    case .emergencyButton: "21"
    case .reservoirLow: "13"
    case .engineRunning: "12"
    case .batteryLow: "5"
    case .chargerFault: "6"
    case .lowOilPressure: "17"
    case .highEngineTemp: "4"
    case .overspeed: "8"
    case .lowFuel: "9"
    }
}

/// The defaults with `roles` fitted, plus `settings`.
func pumpConfig(fitting roles: InputRole..., with settings: [String: String] = [:]) throws -> PumpConfig {
    var values = settings
    for role in roles { values[PumpConfig.pinKey(role)] = inputPins[role] }
    return try PumpSettings.parse(values).config
}

extension [Timed] {
    var actions: [WireAction] { filter { !$0.bookkeeping }.map(\.action) }

    /// The instants at which something other than a health report or a checkpoint happened.
    var instants: Set<Instant> { Set(filter { $0.action != .publishHealth && !$0.bookkeeping }.map(\.at)) }
}

extension Driver: CustomStringConvertible {
    /// Short, so a failed expectation on `pump.…` does not print the whole log.
    var description: String { "Driver(\(now), \(phase.rawValue))" }
}
