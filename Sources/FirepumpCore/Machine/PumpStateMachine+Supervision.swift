/// Engine supervision inputs (battery, charger, oil pressure, engine temperature, overspeed,
/// fuel). Each active input, once debounced, is an alarm: reported, raised as a trouble and
/// cleared when the input reads normal again. An `alarm`-action input never touches an output:
/// in a fire a pump running with a warning beats a pump that stopped itself. A `stop`-action
/// input stops the engine at once (the stop sequence without the RPM wait, like a failed
/// start) and latches ERROR with the alarm as the reason.
extension PumpStateMachine {
    /// Brings the alarms up to date with the inputs and the engine; run at the end of every step.
    mutating func superviseAlarms(at now: Instant) {
        for role in InputRole.supervision where inputs[role] != nil {
            let active = alarmActive(role, at: now)
            let action = config.alarmActions[role]
            let trouble = Trouble.supervisionAlarm(role)
            if active, troubles[trouble] == nil {
                report(.supervisionAlarm(role, action: action, active: true))
                raise(trouble, at: now)
            } else if !active, troubles[trouble] != nil {
                report(.supervisionAlarm(role, action: action, active: false))
                clear(trouble)
            }
            guard active else { continue }
            if state.exercising, state.exerciseFault == nil { state.exerciseFault = .alarm(role) }
            if action == .stop { alarmStop(role, at: now) }
        }
    }

    /// Whether a supervision input is in alarm: active after debounce; low oil pressure only
    /// while the engine has run `OIL_PRESSURE_SETTLE` (a stopped or starting engine has none).
    private func alarmActive(_ role: InputRole, at now: Instant) -> Bool {
        guard isStable(role) == true else { return false }
        guard role == .lowOilPressure else { return true }
        guard state.phase == .running || state.phase == .reducingRPM, state.runningSince != nil else { return false }
        return state.engineRunTime(at: now) >= config.timing.oilPressureSettle
    }

    /// A `stop`-action alarm: the engine stops now and ERROR latches; outside a run it is only
    /// reported (a run that starts meanwhile is stopped at once).
    private mutating func alarmStop(_ role: InputRole, at now: Instant) {
        guard let reason = ErrorReason.alarm(role) else { return }
        switch state.phase {
        case .priming, .starting, .running, .reducingRPM:
            if state.pendingLatch != .lockout { state.pendingLatch = .error(reason) }
            beginStopping(.alarmStop, at: now)
        case .stopping:
            guard state.pendingLatch == nil else { return }
            state.pendingLatch = .error(reason)
            drive(.refillValve, false)
        case .idle, .refilling, .cooldown, .error, .lockout:
            break
        }
    }
}
