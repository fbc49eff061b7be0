internal import CGPIODShim
internal import Glibc

/// The GPIO chips present on this machine, for messages about a chip that cannot be found.
enum ChipDirectory {
    /// Every chip as `name [label]`, e.g. `gpiochip0 [pinctrl-bcm2711]`; empty when there are none
    /// (or `/dev` cannot be read).
    static func describeAll() -> [String] {
        guard let text = unsafe fpgpiod_describe_chips() else { return [] }
        defer { unsafe free(text) }
        return unsafe String(cString: text).split(separator: "\n").map(String.init)
    }
}
