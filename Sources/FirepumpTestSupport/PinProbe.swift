import FirepumpHAL

/// The electrical side of a chip, as a test bench sees it: a voltmeter on each output and a
/// switch on each input. The mock implements it in memory; gpio-sim through its sysfs
/// `value` and `pull` attributes.
public protocol PinProbe: Sendable {
    /// The electrical level an output line is driving now.
    func outputLevel(line: Int) throws -> ElectricalLevel
    /// Drives an input wire from outside to a level.
    func driveInput(line: Int, to level: ElectricalLevel) throws
}

extension MockPinDriver: PinProbe {
    public func outputLevel(line: Int) throws -> ElectricalLevel {
        guard let level = electricalLevel(line: line) else {
            throw ContractFailure("line \(line) has no electrical level")
        }
        return level
    }

    public func driveInput(line: Int, to level: ElectricalLevel) throws {
        setInputLevel(line: line, level)
    }
}

/// A contract case that did not hold.
public struct ContractFailure: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
