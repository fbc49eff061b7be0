/// The reference's event names and fields for each report (reference §4.5; `simulation.md`'s
/// timeline prints the same).
extension PumpReport {
    /// The report as published: the event name (`action`) and its extra fields.
    public var wire: ReportedEvent {
        ReportedEvent(wireName, wireFields)
    }

    /// The reference's event name.
    public var wireName: String {
        switch self {
        case .pumpSequenceStart: "pump_sequence_start"
        case .primingStarted: "priming_started"
        case .refillValveOpenedImmediately: "refill_valve_opened_immediately"
        case .engineStartSequence: "engine_start_sequence"
        case .engineCrankFailed: "engine_crank_failed"
        case .engineStartFailed: "engine_start_failed"
        case .engineRunning: "engine_running"
        case .primingComplete: "priming_complete"
        case .shutdownCancelled: "shutdown_cancelled"
        case .fireOffStopBecameMaxRuntime: "rpm_reduced"
        case .triggerIgnored: "trigger_ignored"
        case .triggerBlockedLowReservoir: "trigger_blocked_low_reservoir"
        case .triggerBlockedRefilling: "trigger_blocked_refilling"
        case .triggerBlockedLockout: "trigger_blocked_lockout"
        case .errorStateTriggerIgnored: "error_state_trigger_ignored"
        case .rpmReduced: "rpm_reduced"
        case .shutdownInitiated: "shutdown_initiated"
        case .shutdownComplete: "shutdown_complete"
        case .lowPressureDetected: "low_pressure_detected"
        case .dryRunProtectionTriggered: "dry_run_protection_triggered"
        case .lowReservoirDetected: "low_reservoir_detected"
        case .errorStateEntered: "error_state_entered"
        case .lockoutEntered: "lockout_entered"
        case .refillContinuing: "refill_continuing"
        case .refillCompleteFloatSwitch: "refill_complete_float_switch"
        case .refillCompleteTimer: "refill_complete_timer"
        case .cooldownEntered: "cooldown_entered"
        case .idleStateEntered: "idle_state_entered"
        case .mainValveClosed: "main_valve_closed"
        case .emergencyBypassStart: "emergency_bypass_start"
        case .emergencyStop: "emergency_stop"
        case .emergencyReset: "emergency_reset"
        case .emergencyValveOpen: "emergency_valve_open"
        case .emergencyValveClose: "emergency_valve_close"
        case .emergencyCommandRefused: "emergency_command_refused"
        case .emergencyCommandError: "emergency_command_error"
        case .emergencyCommandUnknown: "emergency_command_unknown"
        case .emergencyButtonPressed: "emergency_button_pressed"
        case .emergencyButtonLongPress: "emergency_button_long_press"
        case .recoveredAfterRestart: "recovered_after_restart"
        case .recoveredAfterReboot: "recovered_after_reboot"
        case .controllerShutdown: "controller_shutdown"
        case .handover: "handover"
        case .handoverAbandoned: "handover_abandoned"
        case .mqttConnected: "mqtt_connected"
        case .gpioOperationFailed: "gpio_operation_failed"
        case .inputLost: "input_lost"
        case .stateSaveFailed: "state_save_failed"
        case .historySaveFailed: "history_save_failed"
        case .trouble(_, let raised): raised ? "trouble_raised" : "trouble_cleared"
        case .inboundDropped: "inbound_messages_dropped"
        case .exerciseStarted: "exercise_started"
        case .exercisePassed: "exercise_passed"
        case .exerciseFailed: "exercise_failed"
        case .exerciseSkipped: "exercise_skipped"
        case .exerciseTakenOver: "exercise_taken_over"
        case .supervisionAlarm(_, _, let active): active ? "supervision_alarm" : "supervision_alarm_cleared"
        }
    }

    /// The event's fields after the envelope's, in the reference's order.
    public var wireFields: [JSONValue.Member] {
        switch self {
        case .pumpSequenceStart, .primingStarted, .refillValveOpenedImmediately, .engineRunning, .primingComplete,
            .shutdownCancelled, .triggerBlockedLowReservoir, .triggerBlockedRefilling, .triggerBlockedLockout,
            .lowPressureDetected, .lowReservoirDetected, .lockoutEntered, .refillCompleteFloatSwitch, .refillCompleteTimer,
            .cooldownEntered, .idleStateEntered, .mainValveClosed, .emergencyValveClose, .emergencyButtonPressed,
            .emergencyButtonLongPress, .mqttConnected, .exerciseStarted, .exerciseTakenOver:
            []
        case .exercisePassed(let runtime):
            [.init("runtime", .number(runtime))]
        case .exerciseFailed(let failure):
            [.init("reason", .string(failure.reason))] + {
                if case .alarm(let role) = failure { return [.init("input", .string(role.rawValue))] }
                return []
            }()
        case .exerciseSkipped(let skip):
            [.init("reason", .string(skip.rawValue))]
        case .supervisionAlarm(let role, let action, _):
            [.init("input", .string(role.rawValue)), .init("response", .string(action.rawValue))]
        case .fireOffStopBecameMaxRuntime:
            [.init("reason", .string(StopReason.maxRuntime.rawValue))]
        case .engineStartSequence(let attempt), .engineCrankFailed(let attempt):
            [.init("attempt", .number(Double(attempt)))]
        case .engineStartFailed(let attempts):
            [.init("attempts", .number(Double(attempts)))]
        case .triggerIgnored(let refusal):
            [.init("reason", .string(refusal.text))]
        case .errorStateTriggerIgnored(let reason):
            [.init("reason", .string(reason?.rawValue ?? ""))]
        case .rpmReduced(let reason):
            [.init("reason", .string(reason.rawValue))]
        case .shutdownInitiated(let reason, let previous):
            [.init("reason", .string(reason.rawValue)), .init("previous_state", .string(previous.rawValue))]
        case .shutdownComplete(let runtime):
            [.init("runtime", .number(runtime))]
        case .dryRunProtectionTriggered(let dryRunTime, let maxAllowed):
            [.init("dry_run_time", .number(dryRunTime)), .init("max_allowed", .number(maxAllowed))]
        case .errorStateEntered(let reason):
            [.init("reason", .string(reason.rawValue))]
        case .refillContinuing(let duration):
            [.init("duration", .number(duration))]
        case .emergencyBypassStart(let alreadyRunning):
            alreadyRunning ? [.init("result", "already running")] : []
        case .emergencyStop(let previous), .emergencyReset(let previous), .recoveredAfterRestart(let previous),
            .recoveredAfterReboot(let previous):
            [.init("previous_state", .string(previous.rawValue))]
        case .emergencyValveOpen(let alreadyOpen):
            alreadyOpen ? [.init("result", "already open")] : []
        case .emergencyCommandRefused(let command, let refusal):
            [.init("command", .string(command.rawValue)), .init("reason", .string(refusal.text))]
        case .emergencyCommandError(let error), .historySaveFailed(let error):
            [.init("error", .string(error))]
        case .emergencyCommandUnknown(let command):
            [.init("command", .string(command))]
        case .controllerShutdown(let keepRunning):
            [.init("keep_running", .bool(keepRunning))]
        case .handover(let phase, let run):
            [.init("state", .string(phase.rawValue)), .init("run", .number(Double(run)))]
        case .handoverAbandoned(let error):
            [.init("error", .string(error))]
        case .gpioOperationFailed(let output, let line, let error):
            [.init("pin", .number(Double(line))), .init("output", .string(output.rawValue)), .init("error", .string(error))]
        case .inputLost(let role, let error):
            [.init("input", .string(role.rawValue)), .init("error", .string(error))]
        case .stateSaveFailed(let error, let savedIn):
            [.init("error", .string(error)), .init("saved_in", .array(savedIn.map { .string($0) }))]
        case .trouble(let trouble, _):
            [.init("trouble", .string(trouble.name))] + (trouble.subject.map { [.init("subject", .string($0))] } ?? [])
        case .inboundDropped(let count):
            [.init("count", .number(Double(count)))]
        }
    }
}

extension TriggerRefusal {
    /// The reported `reason`.
    public var text: String {
        switch self {
        case .stopCommitted(let reason): "stop committed: \(reason?.rawValue ?? "unknown")"
        case .stopInProgress: "stop in progress"
        case .message(let reason): reason
        }
    }
}

extension CommandRefusal {
    /// The reported `reason`.
    public var text: String {
        switch self {
        case .stopInProgress: "stop in progress"
        case .latched(let phase): "\(phase.rawValue) is latched: send reset first"
        case .runInProgress: "a run is in progress: send stop to end it"
        case .engineRunning: "the engine is running"
        }
    }
}

/// A telemetry event as published: the reference's event name (`action` in the payload) and
/// its extra fields.
public struct ReportedEvent: Sendable, Hashable {
    public var name: String
    public var fields: [JSONValue.Member]

    public init(_ name: String, _ fields: [JSONValue.Member] = []) {
        self.name = name
        self.fields = fields
    }

    /// The value of a field, if present.
    public subscript(field: String) -> JSONValue? {
        fields.first { $0.key == field }?.value
    }
}
