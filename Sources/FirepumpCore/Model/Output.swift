/// The seven relay outputs, named for what they do. Raw values are the reported names
/// (`simulate` timeline roles, telemetry keys).
public enum Output: String, Sendable, Hashable, CaseIterable {
    case mainValve = "main_valve"
    case ignitionStart = "ignition_start"
    case ignitionOn = "ignition_on"
    case ignitionOff = "ignition_off"
    case refillValve = "refill_valve"
    case primingValve = "priming_valve"
    case rpmReduce = "rpm_reduce"
}

/// The commanded logical level of every output (`true` = energised/open/on).
public struct OutputLevels: Sendable, Hashable {
    public var mainValve = false
    public var ignitionStart = false
    public var ignitionOn = false
    public var ignitionOff = false
    public var refillValve = false
    public var primingValve = false
    public var rpmReduce = false

    /// All outputs off: the safe level.
    public static let safe = OutputLevels()

    public init() {}

    public subscript(output: Output) -> Bool {
        get {
            switch output {
            case .mainValve: mainValve
            case .ignitionStart: ignitionStart
            case .ignitionOn: ignitionOn
            case .ignitionOff: ignitionOff
            case .refillValve: refillValve
            case .primingValve: primingValve
            case .rpmReduce: rpmReduce
            }
        }
        set {
            switch output {
            case .mainValve: mainValve = newValue
            case .ignitionStart: ignitionStart = newValue
            case .ignitionOn: ignitionOn = newValue
            case .ignitionOff: ignitionOff = newValue
            case .refillValve: refillValve = newValue
            case .primingValve: primingValve = newValue
            case .rpmReduce: rpmReduce = newValue
            }
        }
    }
}
