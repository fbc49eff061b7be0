/// Inputs are edge-driven and debounced; the machine acts on a level once it has held for the
/// debounce time (`INPUT_DEBOUNCE`, or `PRESSURE_DEBOUNCE` for line pressure).
extension PumpStateMachine {
    mutating func inputChanged(_ role: InputRole, active: Bool, at now: Instant) {
        guard !lostInputs.contains(role) else { return }
        // An input that is not fitted has no tracker: its changes are ignored.
        if inputs[role]?.change(to: active, at: now, debounce: config.debounce(role)) == true {
            inputSettled(role, active: active, since: now, at: now)
        }
    }

    /// A debounced change: `since` is when the raw level changed.
    mutating func inputSettled(_ role: InputRole, active: Bool, since: Instant, at now: Instant) {
        let engineOn = state.phase == .running || state.phase == .reducingRPM
        switch role {
        case .reservoirFloat:
            // The float ends a refill early; the main valve keeps its own close delay (M4, M21).
            guard active, state.phase == .refilling else { return }
            state.deadlines[.phaseEnd] = nil
            drive(.refillValve, false)
            report(.refillCompleteFloatSwitch)
            enterCooldown(at: now)
        case .linePressure:
            if active, config.flowSource == .linePressure, engineOn { state.deadlines[.dryRun] = nil }
            if !active, config.flowSource == .linePressure, engineOn, state.deadlines[.dryRun] == nil {
                arm(.dryRun, at: since + config.timing.maxDryRunTime)
            }
            if !active, state.pressureWatched, engineOn { lowPressure(at: now) }
        case .flowSensor:
            guard engineOn else { return }
            if active {
                state.deadlines[.dryRun] = nil
            } else if state.deadlines[.dryRun] == nil {
                arm(.dryRun, at: since + config.timing.maxDryRunTime)
            }
        case .emergencyButton:
            if active {
                report(.emergencyButtonPressed)
                let longPress = since + config.timing.emergencyLongPress
                longPressAt = longPress
                if longPress <= now { return }
                trigger(at: now)
            } else {
                longPressAt = nil
            }
        case .reservoirLow:
            guard active, state.phase.isRun, state.phase != .stopping else { return }
            report(.lowReservoirDetected)
            hazardStop(.lowReservoir, latch: nil, at: now)
        case .engineRunning:
            // The engine caught during the crank (release the starter at once) or during the rest
            // after one (never crank a running engine).
            if active, state.phase == .starting { enterRunning(at: now) }
        case .batteryLow, .chargerFault, .lowOilPressure, .highEngineTemp, .overspeed, .lowFuel:
            // Alarms are judged at the end of the step (``superviseAlarms(at:)``).
            break
        }
    }
}
