import FirepumpCore
import FirepumpHAL

extension PumpConfig {
    /// The pull resistor for an input: toward the level a broken wire must read, which is the
    /// alarm state (not full, pressure low, no flow, not pressed, not running; for the
    /// low-reservoir switch, empty). Target §7, reference C6.
    public func pull(for role: InputRole) -> Pull {
        let activeLow = inputs[role].activeLow
        let level = ElectricalLevel(active: role.brokenWireReadsActive, activeLow: activeLow)
        return level == .high ? .up : .down
    }
}
