/// The seven relay outputs, named for what they do. Raw values are the reported names
/// (`simulate` timeline roles, telemetry keys).
public enum Output: String, Sendable, Hashable, CaseIterable, TableKey {
    case mainValve = "main_valve"
    case ignitionStart = "ignition_start"
    case ignitionOn = "ignition_on"
    case ignitionOff = "ignition_off"
    case refillValve = "refill_valve"
    case primingValve = "priming_valve"
    case rpmReduce = "rpm_reduce"

    public var tableIndex: Int {
        switch self {
        case .mainValve: 0
        case .ignitionStart: 1
        case .ignitionOn: 2
        case .ignitionOff: 3
        case .refillValve: 4
        case .primingValve: 5
        case .rpmReduce: 6
        }
    }
}

/// The commanded logical level of every output (`true` = energised/open/on).
public typealias OutputLevels = CaseTable<Output, Bool>

extension OutputLevels {
    /// All outputs off: the safe level.
    public static var safe: Self { Self(repeating: false) }
}
