/// What an engine supervision input does while active (`*_ACTION`).
public enum AlarmAction: String, Sendable, Hashable, CaseIterable {
    /// Raise a trouble and report it; outputs are never touched. In a fire a pump that runs
    /// with a warning beats a pump that stopped itself.
    case alarm
    /// Also stop the engine (the stop sequence, without the RPM wait) and latch ERROR with the
    /// alarm as the reason. Only for conditions that wreck the engine at once (overspeed).
    case stop

    /// The default action of a supervision input: `stop` for overspeed, `alarm` for the others.
    public static func defaultAction(for role: InputRole) -> AlarmAction {
        role == .overspeed ? .stop : .alarm
    }
}

extension ErrorReason {
    /// The ERROR reason a `stop`-action supervision input latches.
    public static func alarm(_ role: InputRole) -> ErrorReason? {
        switch role {
        case .batteryLow: .batteryLow
        case .chargerFault: .chargerFault
        case .lowOilPressure: .lowOilPressure
        case .highEngineTemp: .highEngineTemp
        case .overspeed: .overspeed
        case .lowFuel: .lowFuel
        case .reservoirFloat, .linePressure, .flowSensor, .emergencyButton, .reservoirLow, .engineRunning: nil
        }
    }
}
