/// A condition an operator must look at although the pump may still work: the fault-supervision
/// signals of a fire-pump controller. Troubles are held by the machine with the instant they began
/// and are published; they never stop a fire run.
public enum Trouble: Sendable, Hashable {
    /// Writes to an output keep failing; the machine retries them.
    case outputWriteFailing(Output)
    /// A write that makes the pump safe failed (ignition off, or the main valve closing after a
    /// stop). Latched until `reset`, even if a retry succeeds: the relay board needs a look.
    case safetyOutputFailed(Output)
    /// An input's reader stopped; the input reads as a broken wire until the service restarts.
    case inputLost(InputRole)
    /// The state file cannot be written (a copy in the runtime directory may still hold it).
    case stateNotSaved
    /// The run history or its counters cannot be written; retried, never stopping a run.
    case historyNotSaved
    /// A supervision input is in alarm (cleared when it reads normal again).
    case supervisionAlarm(InputRole)
    /// The last exercise run failed; saved with the state and cleared by the next one that passes.
    case exerciseFailed

    /// The wire name (`trouble` field of `trouble_raised`/`trouble_cleared`).
    public var name: String {
        switch self {
        case .outputWriteFailing: "output_write_failing"
        case .safetyOutputFailed: "safety_output_failed"
        case .inputLost: "input_lost"
        case .stateNotSaved: "state_not_saved"
        case .historyNotSaved: "history_not_saved"
        case .supervisionAlarm: "supervision_alarm"
        case .exerciseFailed: "exercise_failed"
        }
    }

    /// The output or input concerned, by its reported name.
    public var subject: String? {
        switch self {
        case .outputWriteFailing(let output), .safetyOutputFailed(let output): output.rawValue
        case .inputLost(let role), .supervisionAlarm(let role): role.rawValue
        case .stateNotSaved, .historyNotSaved, .exerciseFailed: nil
        }
    }

    /// The name, with the subject after a colon when there is one (`input_lost:flow_sensor`):
    /// how a run record lists the troubles seen.
    public var label: String {
        subject.map { "\(name):\($0)" } ?? name
    }

    /// How loud its raising is.
    public var severity: ReportSeverity {
        switch self {
        case .safetyOutputFailed: .critical
        case .outputWriteFailing, .inputLost, .stateNotSaved, .historyNotSaved, .supervisionAlarm, .exerciseFailed: .error
        }
    }

    /// Whether only `reset` clears it.
    public var isLatched: Bool {
        if case .safetyOutputFailed = self { return true }
        return false
    }
}
