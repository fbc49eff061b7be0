/// Why a saved state cannot be resumed (issue 12 item 5): the file is set aside and the
/// controller starts in IDLE with every output safe.
public struct InvalidSavedState: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension SavedState {
    /// The largest run number accepted. The machine adds one per run, so this leaves room for
    /// ten thousand runs a day for ages, and `Int.max` (which would overflow) is refused.
    public static let maxRun = 1 << 40
    /// Tolerance on the limits of deadlines: rounding of the wall-clock conversion and the
    /// instants at which deadlines due together were handled.
    public static let slack = 1.0

    /// The state, if every field is one the machine could have saved under `config`; each check
    /// is relative to ``savedAt`` (a deadline is armed at most its phase's duration after the
    /// moment it was armed, which is never after the save).
    /// - Throws: ``InvalidSavedState`` naming the first field that is not.
    public func validated(config: PumpConfig) throws(InvalidSavedState) -> SavedState {
        let timing = config.timing
        guard (0...Self.maxRun).contains(run) else { throw InvalidSavedState("run \(run) is outside 0...2^40") }
        guard (0...timing.maxCrankAttempts + 1).contains(crankAttempts) else {
            throw InvalidSavedState("crankAttempts \(crankAttempts) is outside 0...\(timing.maxCrankAttempts + 1)")
        }
        if let attempt = engineStartedAtAttempt, !(0...crankAttempts).contains(attempt) {
            throw InvalidSavedState("engineStartedAtAttempt \(attempt) is outside 0...\(crankAttempts) (crankAttempts)")
        }
        for (name, value) in [("lastRunDuration", lastRunDuration), ("totalRuntime", totalRuntime)] {
            guard value.isFinite, value >= 0 else { throw InvalidSavedState("\(name) \(value) is not a finite, non-negative number of seconds") }
        }
        guard savedAt.secondsSinceEpoch.isFinite else { throw InvalidSavedState("savedAt is not finite") }
        for (name, instant) in [("runningSince", runningSince), ("lastTriggerAt", lastTriggerAt), ("engineStoppedAt", engineStoppedAt),
                                ("lastExerciseSlot", lastExerciseSlot)] {
            guard let instant else { continue }
            guard instant.secondsSinceEpoch.isFinite, instant - savedAt <= Self.slack else {
                throw InvalidSavedState("\(name) \(instant.secondsSinceEpoch) is not finite or after the save (\(savedAt.secondsSinceEpoch))")
            }
        }
        try validateExercise()
        try validateDeadlines(timing)
        try validatePhase(timing)
        try validateOutputs()
        return self
    }

    /// Every deadline belongs to this run, is finite and lies within its configured duration of the save.
    private func validateDeadlines(_ timing: PumpConfig.Timing) throws(InvalidSavedState) {
        for kind in DeadlineKind.allCases {
            guard let deadline = deadlines[kind] else { continue }
            guard deadline.run == run else { throw InvalidSavedState("deadline \(kind.rawValue) belongs to run \(deadline.run), not \(run)") }
            let lead = deadline.at - savedAt
            guard lead.isFinite else { throw InvalidSavedState("deadline \(kind.rawValue) is not finite") }
            let limit = maxLead(kind, timing)
            guard lead <= limit + Self.slack else {
                throw InvalidSavedState("deadline \(kind.rawValue) is \(lead) s after the save, more than the \(limit) s the settings allow")
            }
        }
        if let maxRuntime = deadlines[.maxRuntime], let since = runningSince,
           maxRuntime.at - since > timing.maxEngineRuntime + Self.slack {
            throw InvalidSavedState("max runtime \(maxRuntime.at - since) s after the engine started, more than MAX_ENGINE_RUNTIME \(timing.maxEngineRuntime) s")
        }
    }

    /// The exercise schedule is at most a week (and a day for a time-zone change) ahead; an
    /// exercise and what went wrong in it belong to a run in progress.
    private func validateExercise() throws(InvalidSavedState) {
        if let due = exerciseDue {
            guard due.secondsSinceEpoch.isFinite, due - savedAt <= Self.maxExerciseLead else {
                throw InvalidSavedState("exerciseDue \(due.secondsSinceEpoch) is not finite or more than 8 days after the save")
            }
        }
        guard !exercising || (phase.isRun && phase != .stopping) else { throw InvalidSavedState("an exercise in \(phase.rawValue)") }
        guard exercising || exerciseFault == nil else { throw InvalidSavedState("an exercise fault without an exercise") }
    }

    /// How far ahead the next exercise can be: a week, plus a day for a time-zone change.
    public static let maxExerciseLead = 8.0 * 86_400

    /// The longest a deadline of `kind` can be armed ahead of the moment of arming.
    private func maxLead(_ kind: DeadlineKind, _ timing: PumpConfig.Timing) -> Double {
        switch kind {
        case .phaseEnd:
            switch phase {
            case .priming: timing.preOpenDelay
            case .starting: max(timing.ignitionStartDuration, timing.crankRest)
            case .reducingRPM: max(timing.rpmReductionDuration, timing.rpmReductionLead)
            case .stopping: timing.ignitionOffDuration
            case .refilling: lastRunDuration * timing.refillMultiplier
            case .cooldown: timing.cooldownDuration
            // No timed end: the machine clears it on entering these phases.
            case .idle, .running, .error, .lockout: 0
            }
        case .fireOff: timing.fireOffDelay
        case .primingEnd: timing.primingDuration
        case .pressureWatch: timing.pressureCheckDelay
        case .dryRun: timing.maxDryRunTime
        case .rpmLead: max(0, timing.maxEngineRuntime - timing.rpmReductionLead)
        case .maxRuntime: timing.maxEngineRuntime
        case .mainValveClose: timing.valveCloseDelay
        case .exerciseEnd: timing.exerciseRuntime
        case .oilSettle: timing.oilPressureSettle
        }
    }

    /// What each phase cannot be without: its timed end, and a running engine's limits.
    private func validatePhase(_ timing: PumpConfig.Timing) throws(InvalidSavedState) {
        switch phase {
        case .priming, .starting, .stopping, .refilling, .cooldown:
            guard deadlines[.phaseEnd] != nil else { throw InvalidSavedState("\(phase.rawValue) without its phase end deadline") }
        case .reducingRPM:
            guard deadlines[.phaseEnd] != nil else { throw InvalidSavedState("\(phase.rawValue) without its phase end deadline") }
            guard stopReason != nil else { throw InvalidSavedState("\(phase.rawValue) without a stop reason") }
            try validateEngineLimits(timing)
        case .running:
            try validateEngineLimits(timing)
        case .idle, .error, .lockout:
            break
        }
    }

    /// A running engine has a start time and its max-runtime deadline, and has not outlived it.
    private func validateEngineLimits(_ timing: PumpConfig.Timing) throws(InvalidSavedState) {
        guard let since = runningSince else { throw InvalidSavedState("\(phase.rawValue) without runningSince") }
        guard deadlines[.maxRuntime] != nil else { throw InvalidSavedState("\(phase.rawValue) without the max runtime deadline") }
        guard savedAt - since <= timing.maxEngineRuntime + Self.slack else {
            throw InvalidSavedState("\(phase.rawValue) saved \(savedAt - since) s after the engine started, past MAX_ENGINE_RUNTIME")
        }
    }

    /// No engine output is left on that the phase would never switch off: ignition and RPM
    /// reduce only while the engine may run or stops. (The main valve may be open anywhere:
    /// `valve_open` opens it by hand.)
    private func validateOutputs() throws(InvalidSavedState) {
        let allowed: Set<Output>
        switch phase {
        case .priming: allowed = [.mainValve, .primingValve, .refillValve]
        case .starting, .running, .reducingRPM, .stopping: allowed = Set(Output.allCases)
        case .refilling: allowed = [.mainValve, .refillValve]
        case .idle, .cooldown: allowed = [.mainValve]
        // Every output is made safe at boot in a latched phase.
        case .error, .lockout: allowed = Set(Output.allCases)
        }
        if let output = Output.allCases.first(where: { outputs[$0] && !allowed.contains($0) }) {
            throw InvalidSavedState("output \(output.rawValue) on in \(phase.rawValue)")
        }
    }
}
