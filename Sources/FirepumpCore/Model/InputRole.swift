/// The optional inputs, named for what they sense. Each is "active" in the sense given here;
/// the configured polarity maps that to an electrical level.
public enum InputRole: String, Sendable, Hashable, CaseIterable, TableKey {
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
    // Engine supervision: active = the alarm (see ``isSupervision``).
    /// Active = the starter battery is low.
    case batteryLow = "battery_low"
    /// Active = the battery charger reports a fault.
    case chargerFault = "charger_fault"
    /// Active = oil pressure is low (judged only once the engine has run `OIL_PRESSURE_SETTLE`).
    case lowOilPressure = "low_oil_pressure"
    /// Active = the engine is too hot.
    case highEngineTemp = "high_engine_temp"
    /// Active = the engine runs too fast.
    case overspeed = "overspeed"
    /// Active = the fuel tank is low.
    case lowFuel = "low_fuel"

    public var tableIndex: Int {
        switch self {
        case .reservoirFloat: 0
        case .linePressure: 1
        case .flowSensor: 2
        case .emergencyButton: 3
        case .reservoirLow: 4
        case .engineRunning: 5
        case .batteryLow: 6
        case .chargerFault: 7
        case .lowOilPressure: 8
        case .highEngineTemp: 9
        case .overspeed: 10
        case .lowFuel: 11
        }
    }

    /// Whether a broken wire must read *active* for this input. For a low-reservoir switch
    /// "empty" is the alarm, and for an engine supervision input the alarm is active; for every
    /// other input the alarm is the inactive state (not full, pressure low, no flow, not
    /// pressed, not running). Target behaviour §7 (C6).
    public var brokenWireReadsActive: Bool { self == .reservoirLow || isSupervision }

    /// The engine supervision inputs: each raises an alarm while active, and acts by its
    /// `*_ACTION` setting.
    public static let supervision: [InputRole] = [.batteryLow, .chargerFault, .lowOilPressure, .highEngineTemp, .overspeed, .lowFuel]

    /// Whether this is an engine supervision input.
    public var isSupervision: Bool {
        switch self {
        case .batteryLow, .chargerFault, .lowOilPressure, .highEngineTemp, .overspeed, .lowFuel: true
        case .reservoirFloat, .linePressure, .flowSensor, .emergencyButton, .reservoirLow, .engineRunning: false
        }
    }
}
