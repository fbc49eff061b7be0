internal import CGPIOD

/// The GPIO chips present on this machine, for messages about a chip that cannot be found.
enum ChipDirectory {
    /// Every chip as `name [label]`, e.g. `gpiochip0 [pinctrl-bcm2711]`; empty when there are none
    /// (or `/dev` cannot be read).
    static func describeAll() -> [String] {
        guard let iterator = unsafe gpiod_chip_iter_new() else { return [] }
        defer { unsafe gpiod_chip_iter_free(iterator) }
        var chips: [String] = []
        while let chip = unsafe gpiod_chip_iter_next(iterator) {
            let name = unsafe String(cString: gpiod_chip_name(chip))
            let label = unsafe String(cString: gpiod_chip_label(chip))
            chips.append("\(name) [\(label)]")
        }
        return chips
    }
}
