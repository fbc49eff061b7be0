/// The optional inputs, named for what they sense. Each is "active" in the sense given here;
/// the configured polarity maps that to an electrical level.
public enum InputRole: String, Sendable, Hashable, CaseIterable {
    /// Active = the tank is full (the reference's float switch).
    case reservoirFloat = "reservoir_float"
    /// Active = line pressure is OK.
    case linePressure = "line_pressure"
    /// Active = water is flowing.
    case flowSensor = "flow_sensor"
    /// Active = the emergency button is pressed.
    case emergencyButton = "emergency_button"
    /// Active = the tank is nearly empty.
    case reservoirLow = "reservoir_low"
    /// Active = the engine is running (feedback from the engine).
    case engineRunning = "engine_running"

    /// Whether a broken wire must read *active* for this input. For a low-reservoir switch
    /// "empty" is the alarm; for every other input the alarm is the inactive state
    /// (not full, pressure low, no flow, not pressed, not running). Target behaviour §7 (C6).
    public var brokenWireReadsActive: Bool { self == .reservoirLow }
}
