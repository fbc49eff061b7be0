/// Something that happened, given to the state machine with the instant it happened.
public enum PumpEvent: Sendable, Hashable {
    /// The process started. `inputs` holds the logical level of every fitted input read at boot.
    /// `rebooted` when the machine itself restarted since the state was saved (a power cut or a
    /// reboot: the relay board lost power), not only the process.
    case booted(inputs: [InputRole: Bool], rebooted: Bool = false)
    /// A fire trigger (MQTT `fire/trigger`).
    case trigger
    /// An operator command (MQTT `fire/emergency`).
    case command(Command)
    /// An input line changed (not yet debounced): its logical level now.
    case inputChanged(InputRole, active: Bool)
    /// Time passed: handle every deadline due by now.
    case tick
    /// An inbound message was refused before reaching the machine (or dropped); publish why.
    case messageRefused(PumpReport)
    /// Driving an output failed (the runtime tried the last ``PumpAction/drive(_:on:)``).
    case outputWriteFailed(Output, error: String)
    /// An output that had failed was driven successfully again.
    case outputWriteRecovered(Output)
    /// An input's reader stopped: no more edges will come from it.
    case inputLost(InputRole, error: String)
    /// Saving the state failed (``PumpAction/persist``); `savedIn` names the copies that hold it.
    case stateSaveFailed(error: String, savedIn: [String])
    /// The state was saved after earlier saves had failed.
    case stateSaveRecovered
    /// Writing the run history or its counters failed; the owner retries it.
    case historySaveFailed(error: String)
    /// The run history was written after earlier writes had failed.
    case historySaveRecovered
    /// The next scheduled exercise, as the owner computed it from `EXERCISE_SCHEDULE`, the wall
    /// clock and the time zone (`nil`: none). See ``PumpStateMachine/expectsExerciseSchedule``.
    case exerciseScheduled(Instant?)
    /// SIGTERM/SIGINT: a stop before exit. With `keepRunning` a handover instead (SIGUSR2 from
    /// `firepump stop-request` during `systemctl restart`, or `--keep-running-on-exit`): outputs
    /// stay as they are and the state is saved for the next process to resume.
    case shutdown(keepRunning: Bool)
}

/// The operator commands of `fire/emergency`.
public enum Command: String, Sendable, Hashable, CaseIterable {
    case start
    case bypassStart = "bypass_start"
    case stop
    case emergencyStop = "emergency_stop"
    case reset
    case valveOpen = "valve_open"
    case valveClose = "valve_close"
    /// Run an exercise now (as a scheduled one would).
    case exercise
}
