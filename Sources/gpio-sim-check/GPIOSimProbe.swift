import FirepumpHAL
import FirepumpTestSupport

/// The electrical side of a gpio-sim chip: `sim_gpioN/value` is what the line carries (what an
/// output drives), and writing `pull-up`/`pull-down` to `sim_gpioN/pull` moves an input like a
/// switch to 3.3 V or ground would (firing edge interrupts).
struct GPIOSimProbe: PinProbe {
    /// The simulated chip's sysfs directory, e.g. `/sys/devices/platform/gpio-sim.0/gpiochip0`.
    let directory: String

    func outputLevel(line: Int) throws -> ElectricalLevel {
        let text = try SysfsFile.read("\(directory)/sim_gpio\(line)/value")
        switch text {
        case "0": return .low
        case "1": return .high
        default: throw ContractFailure("sim_gpio\(line)/value reads '\(text)'")
        }
    }

    func driveInput(line: Int, to level: ElectricalLevel) throws {
        try SysfsFile.write("\(directory)/sim_gpio\(line)/pull", level == .high ? "pull-up" : "pull-down")
    }
}
