/// What a report means for the run history. Every report is classified here, exhaustively: a
/// new report case must say whether it starts, marks or ends a run.
public enum RunMilestone: Sendable, Hashable {
    /// A run began (valves open).
    case runStarted
    /// The run that began in the same step is an exercise.
    case exerciseStarted
    /// A fire trigger turned the exercise in progress into a fire run.
    case becameFire
    /// The engine started (RUNNING).
    case engineStarted
    /// The engine did not start within `MAX_CRANK_ATTEMPTS`.
    case startFailed
    /// The engine was stopped: the run is over.
    case stopped
    /// A trouble or supervision alarm was seen (its ``Trouble/label``).
    case alarm(String)
    /// An exercise was judged.
    case exerciseJudged(passed: Bool)
}

extension PumpReport {
    /// What this report means for the run history, if anything.
    public var runMilestone: RunMilestone? {
        switch self {
        case .pumpSequenceStart: .runStarted
        case .engineRunning: .engineStarted
        case .engineStartFailed: .startFailed
        case .shutdownInitiated: .stopped
        case .trouble(let trouble, let raised): raised ? .alarm(trouble.label) : nil
        case .exerciseStarted: .exerciseStarted
        case .exercisePassed: .exerciseJudged(passed: true)
        case .exerciseFailed: .exerciseJudged(passed: false)
        case .exerciseTakenOver: .becameFire
        case .primingStarted, .refillValveOpenedImmediately, .engineStartSequence, .engineCrankFailed, .primingComplete,
            .shutdownCancelled, .fireOffStopBecameMaxRuntime, .triggerIgnored, .triggerBlockedLowReservoir,
            .triggerBlockedRefilling, .triggerBlockedLockout, .errorStateTriggerIgnored, .rpmReduced, .shutdownComplete,
            .lowPressureDetected, .dryRunProtectionTriggered, .lowReservoirDetected, .errorStateEntered, .lockoutEntered,
            .refillContinuing, .refillCompleteFloatSwitch, .refillCompleteTimer, .cooldownEntered, .idleStateEntered,
            .mainValveClosed, .emergencyBypassStart, .emergencyStop, .emergencyReset, .emergencyValveOpen,
            .emergencyValveClose, .emergencyCommandRefused, .emergencyCommandError, .emergencyCommandUnknown,
            .emergencyButtonPressed, .emergencyButtonLongPress, .recoveredAfterRestart, .recoveredAfterReboot,
            .controllerShutdown, .mqttConnected, .gpioOperationFailed, .inputLost, .stateSaveFailed, .historySaveFailed,
            .inboundDropped, .handover, .handoverAbandoned, .exerciseSkipped,
            // A supervision alarm also raises its trouble, which the run records.
            .supervisionAlarm:
            nil
        }
    }
}

extension PumpEvent {
    /// The source of a run that this event started, when the step's reports do not say more
    /// (a button press does: see ``RunRecorder``).
    var runSource: RunSource {
        switch self {
        case .trigger: .trigger
        case .command(let command): .command(command)
        // Only a deadline of the machine's own starts a run on a tick: the exercise schedule.
        case .tick: .schedule
        case .booted, .inputChanged, .messageRefused, .outputWriteFailed, .outputWriteRecovered, .inputLost,
            .stateSaveFailed, .stateSaveRecovered, .historySaveFailed, .historySaveRecovered, .exerciseScheduled, .shutdown:
            .unknown
        }
    }
}
