/// Which deadline is due and in what order they are handled.
extension PumpStateMachine {
    /// Something armed to happen at an instant.
    enum Due: Hashable, Comparable {
        case input(InputRole)
        case longPress
        case outputRetry
        case checkpoint
        case run(DeadlineKind)
        case exercise
        case saveRetry
        case health

        /// The order for deadlines due at the same instant: inputs settle first so every other
        /// decision sees current sensor readings; health comes last so it reports the outcome.
        private var rank: Int {
            switch self {
            case .input(let role): role.tableIndex
            case .longPress: 10
            case .outputRetry: 11
            case .checkpoint: 12
            case .run(let kind): 20 + kind.tableIndex
            // After the run's deadlines: a cooldown ending at the due instant lets it start.
            case .exercise: 80
            case .saveRetry: 90
            case .health: 100
            }
        }

        static func < (lhs: Due, rhs: Due) -> Bool { lhs.rank < rhs.rank }
    }

    /// Every armed deadline that can act in the current phase.
    func pendingDeadlines() -> [(at: Instant, due: Due)] {
        var pending: [(at: Instant, due: Due)] = []
        for role in InputRole.allCases {
            if let at = inputs[role]?.settleAt { pending.append((at, .input(role))) }
        }
        if let longPressAt { pending.append((longPressAt, .longPress)) }
        if let healthDue { pending.append((healthDue, .health)) }
        if let outputRetryAt { pending.append((outputRetryAt, .outputRetry)) }
        if let alive = state.engineAliveAt { pending.append((alive + Self.runtimeCheckpointInterval, .checkpoint)) }
        if let saveRetryAt { pending.append((saveRetryAt, .saveRetry)) }
        if let due = state.exerciseDue { pending.append((due, .exercise)) }
        for kind in DeadlineKind.allCases {
            guard let deadline = state.deadlines[kind], canAct(kind) || deadline.run != state.run else { continue }
            pending.append((deadline.at, .run(kind)))
        }
        return pending
    }

    /// Run deadlines that only mean something while the engine runs wait for RUNNING: a fire-off
    /// deadline that passes while cranking is honoured as soon as the engine runs.
    private func canAct(_ kind: DeadlineKind) -> Bool {
        switch kind {
        case .phaseEnd, .mainValveClose: true
        case .fireOff, .primingEnd, .pressureWatch, .dryRun, .rpmLead, .maxRuntime, .exerciseEnd, .oilSettle:
            state.phase == .running || state.phase == .reducingRPM
        }
    }

    /// Handles every deadline due by `now`, oldest first, ties in ``Due`` order.
    mutating func handleDueDeadlines(at now: Instant) {
        var handled = 0
        while let next = pendingDeadlines().filter({ $0.at <= now }).min(by: { ($0.at, $0.due) < ($1.at, $1.due) }) {
            handled += 1
            precondition(handled < 10_000, "deadline \(next.due) at \(next.at) keeps re-arming itself")
            fire(next.due, at: now)
        }
    }

    private mutating func fire(_ due: Due, at now: Instant) {
        switch due {
        case .input(let role):
            inputs[role]?.settle()
            if let tracker = inputs[role] { inputSettled(role, active: tracker.stable, since: tracker.rawSince, at: now) }
        case .longPress:
            longPressAt = nil
            // Released before the long-press time (the release is still being debounced): a press.
            guard inputs[.emergencyButton]?.raw == true else { return }
            report(.emergencyButtonLongPress)
            emergencyStop(at: now)
        case .outputRetry:
            retryFailingOutputs(at: now)
        case .checkpoint:
            // Saved with the state: after a reboot the runtime spent is known to this interval.
            state.engineAliveAt = now
        case .saveRetry:
            retrySave()
        case .exercise:
            if let due = state.exerciseDue { exerciseFellDue(due, at: now) }
        case .health:
            actions.append(.publishHealth)
            let next = (healthDue ?? now) + config.timing.healthInterval
            healthDue = next > now ? next : now + config.timing.healthInterval
        case .run(let kind):
            guard let deadline = state.deadlines[kind] else { return }
            state.deadlines[kind] = nil
            // A deadline from an earlier run is stale: dropped unheard (C3, C4).
            guard deadline.run == state.run else { return }
            runDeadline(kind, due: deadline.at, at: now)
        }
    }

    private mutating func runDeadline(_ kind: DeadlineKind, due: Instant, at now: Instant) {
        switch kind {
        case .phaseEnd: phaseEnded(at: now)
        case .fireOff: fireOffElapsed(at: now)
        case .primingEnd: primingEnded(at: now)
        case .pressureWatch: pressureWatchBegins(at: now)
        // The dry-run deadline is always armed MAX_DRY_RUN_TIME after the flow was last missing.
        case .dryRun: dryRunTripped(noFlowSince: due + -config.timing.maxDryRunTime, at: now)
        case .rpmLead: maxRuntimeApproaching(at: now)
        case .maxRuntime: beginStopping(.maxRuntime, at: now)
        case .mainValveClose:
            drive(.mainValve, false)
            report(.mainValveClosed)
        case .exerciseEnd: exerciseDurationReached(at: now)
        // Low oil pressure counts from now on: judged at the end of the step (``superviseAlarms(at:)``).
        case .oilSettle: break
        }
    }

    /// The timed end of the current phase.
    private mutating func phaseEnded(at now: Instant) {
        switch state.phase {
        case .priming: beginCrank(at: now)
        case .starting: crankEnded(at: now)
        case .reducingRPM: beginStopping(state.stopReason ?? .fireOff, at: now)
        case .stopping: stopPulseEnded(at: now)
        case .refilling:
            drive(.refillValve, false)
            report(.refillCompleteTimer)
            enterCooldown(at: now)
        case .cooldown: enterIdle()
        // No timed end: a phase end armed here would be a bug, and it is already cleared.
        case .idle, .running, .error, .lockout: break
        }
    }
}
