/// What the pump tells the world: every telemetry event the machine (or the runtime on its behalf)
/// reports, with typed payloads. ``PumpReport/severity`` says how loud it is; the wire layer
/// (`PumpReport+Wire.swift`) gives each its reference event name and JSON fields.
public enum PumpReport: Sendable, Hashable {
    // MARK: Start sequence
    /// A run begins (T+0).
    case pumpSequenceStart
    case primingStarted
    case refillValveOpenedImmediately
    case engineStartSequence(attempt: Int)
    case engineCrankFailed(attempt: Int)
    case engineStartFailed(attempts: Int)
    case engineRunning
    case primingComplete
    /// A trigger cancelled a fire-off stop: the engine runs on at full RPM.
    case shutdownCancelled
    /// A trigger during a fire-off stop that began after the max-runtime lead time: the fire-off
    /// part is cancelled, RPM stays reduced and the engine stops at max runtime.
    case fireOffStopBecameMaxRuntime

    // MARK: Triggers refused
    case triggerIgnored(TriggerRefusal)
    case triggerBlockedLowReservoir
    case triggerBlockedRefilling
    case triggerBlockedLockout
    case errorStateTriggerIgnored(ErrorReason?)

    // MARK: Stop sequence, refill and latches
    case rpmReduced(StopReason)
    case shutdownInitiated(StopReason, previous: Phase)
    case shutdownComplete(runtime: Double)
    case lowPressureDetected
    case dryRunProtectionTriggered(dryRunTime: Double, maxAllowed: Double)
    case lowReservoirDetected
    case errorStateEntered(ErrorReason)
    case lockoutEntered
    case refillContinuing(duration: Double)
    case refillCompleteFloatSwitch
    case refillCompleteTimer
    case cooldownEntered
    case idleStateEntered
    case mainValveClosed

    // MARK: Operator commands and the emergency button
    /// `start`/`bypass_start`; `alreadyRunning` when it only extended a run in progress.
    case emergencyBypassStart(alreadyRunning: Bool)
    case emergencyStop(previous: Phase)
    case emergencyReset(previous: Phase)
    case emergencyValveOpen(alreadyOpen: Bool)
    case emergencyValveClose
    case emergencyCommandRefused(Command, CommandRefusal)
    /// A message on the emergency topic that is not a readable command.
    case emergencyCommandError(String)
    /// A readable emergency command that firepump does not know (shown truncated).
    case emergencyCommandUnknown(String)
    case emergencyButtonPressed
    case emergencyButtonLongPress

    // MARK: Exercise runs and engine supervision
    /// An exercise run begins (before ``pumpSequenceStart``).
    case exerciseStarted
    /// The exercise ran its `EXERCISE_DURATION` with nothing wrong; `runtime` is the engine's.
    case exercisePassed(runtime: Double)
    case exerciseFailed(ExerciseFailure)
    /// An exercise fell due, or was asked for, and did not start.
    case exerciseSkipped(ExerciseSkip)
    /// A fire trigger (or `start`) turned the exercise in progress into a fire run.
    case exerciseTakenOver
    /// A supervision input became active (`active`) or returned to normal, after its debounce.
    case supervisionAlarm(InputRole, action: AlarmAction, active: Bool)

    // MARK: Lifecycle and faults at the edges
    case recoveredAfterRestart(previous: Phase)
    /// The machine rebooted (the relays lost power) during `previous`.
    case recoveredAfterReboot(previous: Phase)
    case controllerShutdown(keepRunning: Bool)
    /// A restart takes the run over: the outputs are left as they are in `phase` of `run`, and
    /// the next process resumes from the state saved with this report.
    case handover(phase: Phase, run: Int)
    /// The state could not be saved anywhere, so the handover became a safe stop (no engine is
    /// ever left running with no record for the next process).
    case handoverAbandoned(error: String)
    case mqttConnected
    /// An output line could not be driven; the machine retries it.
    case gpioOperationFailed(Output, line: Int, error: String)
    /// An input's reader stopped: the input is treated as a broken wire from now on.
    case inputLost(InputRole, error: String)
    /// The state could not be saved everywhere (the run goes on); `savedIn` names the copies that hold it.
    case stateSaveFailed(error: String, savedIn: [String])
    /// The run history or its counters could not be written (the run goes on; retried).
    case historySaveFailed(error: String)
    /// A trouble became active (`raised`) or cleared.
    case trouble(Trouble, raised: Bool)
    /// Inbound messages dropped because the controller's queue was full.
    case inboundDropped(count: Int)

    /// How loud the report is in the log.
    public var severity: ReportSeverity {
        switch self {
        case .supervisionAlarm(_, let action, let active):
            active ? (action == .stop ? .critical : .error) : .info
        case .exerciseFailed:
            .error
        case .exerciseSkipped:
            .warning
        case .exerciseStarted, .exercisePassed, .exerciseTakenOver:
            .info
        case .errorStateEntered, .dryRunProtectionTriggered, .lowPressureDetected, .lockoutEntered, .engineStartFailed:
            .critical
        case .trouble(let trouble, let raised):
            raised ? trouble.severity : .info
        case .gpioOperationFailed, .inputLost, .stateSaveFailed, .historySaveFailed, .handoverAbandoned:
            .error
        case .triggerIgnored, .triggerBlockedLowReservoir, .triggerBlockedRefilling, .triggerBlockedLockout,
            .errorStateTriggerIgnored, .emergencyCommandRefused, .emergencyCommandError, .emergencyCommandUnknown,
            .inboundDropped:
            .warning
        case .pumpSequenceStart, .primingStarted, .refillValveOpenedImmediately, .engineStartSequence, .engineCrankFailed,
            .engineRunning, .primingComplete, .shutdownCancelled, .fireOffStopBecameMaxRuntime, .rpmReduced,
            .shutdownInitiated, .shutdownComplete, .lowReservoirDetected, .refillContinuing, .refillCompleteFloatSwitch,
            .refillCompleteTimer, .cooldownEntered, .idleStateEntered, .mainValveClosed, .emergencyBypassStart,
            .emergencyStop, .emergencyReset, .emergencyValveOpen, .emergencyValveClose, .emergencyButtonPressed,
            .emergencyButtonLongPress, .recoveredAfterRestart, .controllerShutdown, .handover, .mqttConnected:
            .info
        case .recoveredAfterReboot:
            .warning
        }
    }
}

/// How loud a report is: `info` for what the pump does, `warning` for what it refused, `error`
/// for a hardware or storage fault, `critical` for a safety trip.
public enum ReportSeverity: Sendable, Hashable, Comparable {
    case info, warning, error, critical
}

/// Why a trigger changed nothing.
public enum TriggerRefusal: Sendable, Hashable {
    /// A stop that no trigger can cancel is under way (max runtime or a hazard).
    case stopCommitted(StopReason?)
    /// The ignition-off pulse is in progress.
    case stopInProgress
    /// The message was not a trigger (retained, malformed, another action...): why, in words.
    case message(String)
}

/// Why an operator command was refused.
public enum CommandRefusal: Sendable, Hashable {
    case stopInProgress
    case latched(Phase)
    case runInProgress
    case engineRunning
}

/// Why the pump is in ERROR. Raw values are the reported `error_reason` texts.
public enum ErrorReason: String, Sendable, Hashable, Codable, CaseIterable {
    case lowPressure = "low pressure"
    case dryRun = "dry run"
    case failToStart = "fail to start"
    // Engine supervision inputs whose action is `stop`.
    case batteryLow = "battery low"
    case chargerFault = "charger fault"
    case lowOilPressure = "low oil pressure"
    case highEngineTemp = "high engine temp"
    case overspeed = "overspeed"
    case lowFuel = "low fuel"
}
