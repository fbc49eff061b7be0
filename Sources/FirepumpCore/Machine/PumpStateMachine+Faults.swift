/// Faults at the edges, decided in one place (issue: failures are events the machine decides
/// about). The principles:
/// - telemetry and persistence never stop a fire run: a failed save raises a trouble and is
///   retried; a failed publish is the transport's business;
/// - a failed output write is retried every ``outputRetryInterval`` until it succeeds; a failed
///   write that makes the pump safe (ignition off on, ignition or crank off, the main valve while a
///   run or stop is in progress) is also a latched trouble, cleared only by `reset`;
/// - an input whose reader died is a lost input, treated like a broken wire of that input.
extension PumpStateMachine {
    /// How often a failing output write is tried again.
    public static let outputRetryInterval = 1.0
    /// How often a failing state save is tried again when nothing else changes.
    public static let saveRetryInterval = 5.0

    mutating func outputWriteFailed(_ output: Output, error: String, at now: Instant) {
        if failingOutputs.insert(output).inserted {
            report(.gpioOperationFailed(output, line: config.outputs[output].line, error: error))
            raise(.outputWriteFailing(output), at: now)
        }
        if isSafetyWrite(output) { raise(.safetyOutputFailed(output), at: now) }
        if outputRetryAt == nil { outputRetryAt = now + Self.outputRetryInterval }
    }

    mutating func outputWriteRecovered(_ output: Output) {
        guard failingOutputs.remove(output) != nil else { return }
        clear(.outputWriteFailing(output))
        if failingOutputs.isEmpty { outputRetryAt = nil }
    }

    /// Drives every failing output again to its commanded level.
    mutating func retryFailingOutputs(at now: Instant) {
        outputRetryAt = nil
        for output in Output.allCases where failingOutputs.contains(output) {
            actions.append(.drive(output, on: state.outputs[output]))
        }
    }

    /// Whether the commanded level of `output` is one that makes the pump safe or keeps a turning
    /// engine from deadheading.
    func isSafetyWrite(_ output: Output) -> Bool {
        let on = state.outputs[output]
        switch output {
        case .ignitionOff: return on
        case .ignitionOn, .ignitionStart: return !on
        case .mainValve: return state.phase.isRun || state.deadlines[.mainValveClose] != nil
        case .refillValve, .primingValve, .rpmReduce: return false
        }
    }

    /// The reader of `role` stopped: the input reads as a broken wire (debounced as usual) and
    /// later edges, if any, are ignored until the service restarts.
    mutating func inputLost(_ role: InputRole, error: String, at now: Instant) {
        guard config.isFitted(role), !lostInputs.contains(role) else { return }
        report(.inputLost(role, error: error))
        raise(.inputLost(role), at: now)
        inputChanged(role, active: role.brokenWireReadsActive, at: now)
        lostInputs.insert(role)
    }

    mutating func stateSaveFailed(error: String, savedIn: [String], at now: Instant) {
        if troubles[.stateNotSaved] == nil { report(.stateSaveFailed(error: error, savedIn: savedIn)) }
        raise(.stateNotSaved, at: now)
        if saveRetryAt == nil { saveRetryAt = now + Self.saveRetryInterval }
        if shutdownRequested, keepsOutputsOnExit, savedIn.isEmpty { abandonHandover(error: error, at: now) }
    }

    mutating func stateSaveRecovered() {
        saveRetryAt = nil
        clear(.stateNotSaved)
    }

    /// The history is the owner's to retry (it never changes the run): reported once, a trouble
    /// until a write succeeds.
    mutating func historySaveFailed(error: String, at now: Instant) {
        if troubles[.historyNotSaved] == nil { report(.historySaveFailed(error: error)) }
        raise(.historyNotSaved, at: now)
    }

    mutating func retrySave() {
        saveRetryAt = nil
        actions.append(.persist)
    }

    mutating func raise(_ trouble: Trouble, at now: Instant) {
        guard troubles[trouble] == nil else { return }
        troubles[trouble] = now
        report(.trouble(trouble, raised: true))
    }

    mutating func clear(_ trouble: Trouble) {
        guard troubles.removeValue(forKey: trouble) != nil else { return }
        report(.trouble(trouble, raised: false))
    }

    /// `reset` acknowledges the latched troubles.
    mutating func clearLatchedTroubles() {
        for trouble in troubles.keys.sorted(by: { $0.name < $1.name }) where trouble.isLatched { clear(trouble) }
    }
}
