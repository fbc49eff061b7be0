import FirepumpCore
import FirepumpHAL

/// The reference's telemetry envelope (reference §4.5-4.7), so existing dashboards keep working,
/// with real values where the reference had bugs (uptime, current_runtime, M14).
extension PumpController {
    func publishEvent(_ report: PumpReport) {
        publish(topics.telemetry, envelope(action: report.wireName, extra: report.wireFields), retain: false)
    }

    /// The retained state topic: the current state and outputs, and (for Home Assistant and other
    /// dashboards, which read one retained topic) the last trigger, the error reason and the
    /// fitted inputs as keys that are always present.
    func publishState() {
        let state = machine.state
        publishedStateSignature = stateSignature()
        let lastTrigger: JSONValue = state.lastTriggerAt.map { .string(iso8601(epochSeconds: wallSeconds(at: $0))) } ?? .null
        let errorReason: JSONValue = state.errorReason.map { .string($0.rawValue) } ?? .null
        let inputs: [JSONValue.Member] = InputRole.allCases.filter(config.isFitted).map { role in
            .init(role.rawValue, (machine.inputs[role]?.stable).map(JSONValue.bool) ?? .null)
        }
        publish(topics.state, .object([
            .init("host", .string(environment.host)),
            .init("timestamp", .string(iso8601(epochSeconds: environment.wallClock()))),
            .init("state", .string(state.phase.rawValue)),
            .init("system_state", systemState()),
            .init("last_trigger_at", lastTrigger),
            .init("error_reason", errorReason),
            .init("inputs", .object(inputs)),
        ]), retain: true)
    }

    /// What the retained state shows apart from the clocks that run on by themselves (runtimes,
    /// timers, timestamp): when this changes, the state is published again at once, so a valve
    /// that closes or an input that changes within one state is not shown stale.
    func stateSignature() -> StateSignature {
        let state = machine.state
        return StateSignature(
            phase: state.phase, outputs: written, errorReason: state.errorReason, refillComplete: state.refillComplete,
            lastTriggerAt: state.lastTriggerAt, inputs: InputRole.allCases.map { machine.inputs[$0]?.stable })
    }

    /// The wall-clock time, in Unix epoch seconds, of an instant on the controller's time line.
    func wallSeconds(at instant: Instant) -> Double {
        instant.seconds - now.seconds + environment.wallClock()
    }

    func envelope(action: String, extra: [JSONValue.Member]) -> JSONValue {
        .object([
            .init("host", .string(environment.host)),
            .init("timestamp", .string(iso8601(epochSeconds: environment.wallClock()))),
            .init("action", .string(action)),
            .init("gpio_available", .bool(!environment.mockPins)),
            .init("system_state", systemState()),
            .init("uptime", .number(rounded(now - startedAt))),
        ] + extra)
    }

    func systemState() -> JSONValue {
        let state = machine.state
        var members: [JSONValue.Member] = [
            .init("state", .string(state.phase.rawValue)),
            .init("engine_on", .bool(written[.ignitionOn])),
            .init("main_valve", .bool(written[.mainValve])),
            .init("refill_valve", .bool(written[.refillValve])),
            .init("priming_valve", .bool(written[.primingValve])),
            .init("rpm_reduced", .bool(written[.rpmReduce])),
            .init("ignition_start", .bool(written[.ignitionStart])),
            .init("ignition_off", .bool(written[.ignitionOff])),
            .init("total_runtime", .number(rounded(state.totalRuntime + currentRuntime))),
            .init("current_runtime", .number(rounded(currentRuntime))),
            .init("shutting_down", .bool(state.phase == .reducingRPM || state.phase == .stopping)),
            .init("refill_complete", .bool(state.refillComplete)),
            .init("active_timers", .array(activeTimers().map { .string($0) })),
        ]
        if let reason = state.errorReason { members.append(.init("error_reason", .string(reason.rawValue))) }
        if let full = machine.inputs[.reservoirFloat]?.stable { members.append(.init("reservoir_full", .bool(full))) }
        if let ok = machine.inputs[.linePressure]?.stable { members.append(.init("line_pressure_ok", .bool(ok))) }
        if let empty = machine.inputs[.reservoirLow]?.stable { members.append(.init("reservoir_low", .bool(empty))) }
        return .object(members)
    }

    /// Seconds the engine has been running in the current run (0 when not running).
    var currentRuntime: Double {
        machine.state.runningSince.map { max(0, now - $0) } ?? 0
    }

    func activeTimers() -> [String] {
        var names = DeadlineKind.allCases.filter { machine.state.deadlines[$0] != nil }.map { timerName($0) }
        if machine.healthDue != nil { names.append("health") }
        return names
    }

    private func timerName(_ kind: DeadlineKind) -> String {
        switch kind {
        case .phaseEnd: "\(machine.state.phase.rawValue.lowercased())_end"
        case .fireOff: "fire_off_monitor"
        case .primingEnd: "close_priming"
        case .pressureWatch: "pressure_check"
        case .dryRun: "dry_run"
        case .rpmLead: "rpm_reduction"
        case .maxRuntime: "max_runtime"
        case .mainValveClose: "close_main_valve"
        case .exerciseEnd: "exercise_end"
        case .oilSettle: "oil_pressure_settle"
        }
    }

    func healthPayload() -> JSONValue {
        let state = machine.state
        let flowSource = config.flowSource
        var extra: [JSONValue.Member] = [
            .init("mqtt_connected", .bool(wildfireWatch.brokerConnected)),
            .init("total_runtime", .number(rounded(state.totalRuntime + currentRuntime))),
            .init("current_runtime", .number(rounded(currentRuntime))),
            .init("state", .string(state.phase.rawValue)),
            .init("last_trigger", .number(state.lastTriggerAt.map { rounded(wallSeconds(at: $0)) } ?? 0)),
            .init("refill_complete", .bool(state.refillComplete)),
            .init("low_pressure_detected", .bool(state.errorReason == .lowPressure)),
            .init("troubles", .array(troubleList())),
            .init("hardware", .object([
                .init("gpio_available", .bool(!environment.mockPins)),
                .init("simulation_mode", .bool(environment.mockPins)),
                .init("chip", .string(pins.chipName)),
            ])),
            .init("dry_run_protection", .object([
                .init("enabled", .bool(flowSource != nil)),
                .init("sensor", flowSource.map { .string($0.rawValue) } ?? .null),
                .init("pump_running", .bool(state.phase == .running || state.phase == .reducingRPM)),
                .init("water_flow_detected", flowSource.flatMap { machine.inputs[$0]?.stable }.map { .bool($0) } ?? .null),
                .init("max_dry_run_time", .number(config.timing.maxDryRunTime)),
            ])),
            // The reference's inputs; supervision inputs report through their alarms and troubles.
            .init("safety_features", .object(InputRole.allCases.filter { !$0.isSupervision }.map {
                .init("\($0.rawValue)_available", .bool(config.isFitted($0)))
            })),
            .init("pin_states", systemState()),
        ]
        if environment.mockPins {
            extra.append(.init("critical_warnings", .array([
                "SIMULATION_MODE_ACTIVE", "NO_PHYSICAL_HARDWARE_CONTROL", "PUMP_WILL_NOT_OPERATE_IN_EMERGENCY",
            ])))
        }
        return envelope(action: "health_report", extra: extra)
    }

    /// The active troubles, oldest first, with when each began.
    func troubleList() -> [JSONValue] {
        machine.troubles.sorted { ($0.value, $0.key.name) < ($1.value, $1.key.name) }.map { trouble, since in
            var members: [JSONValue.Member] = [.init("trouble", .string(trouble.name))]
            if let subject = trouble.subject { members.append(.init("subject", .string(subject))) }
            members.append(.init("since", .string(iso8601(epochSeconds: wallSeconds(at: since)))))
            return .object(members)
        }
    }

    /// Millisecond precision is enough for every reported duration.
    func rounded(_ seconds: Double) -> Double { (seconds * 1000).rounded() / 1000 }
}

/// The values of the retained state that change only through events (see
/// ``PumpController/stateSignature()``).
struct StateSignature: Equatable {
    var phase: Phase
    var outputs: OutputLevels
    var errorReason: ErrorReason?
    var refillComplete: Bool
    var lastTriggerAt: Instant?
    /// Each input's stable level, in `InputRole.allCases` order (nil: not fitted or not read).
    var inputs: [Bool?]
}
