/// What the guest's `/init` tells the check: which chip, where its simulator controls live,
/// which line a `gpioset` process holds and which libgpiod the check was built against.
struct CheckOptions {
    /// The chip name, e.g. `gpiochip0`.
    var chip = ""
    /// The simulator's sysfs directory for the chip.
    var simDirectory = ""
    /// A line held by `gpioset` in the guest, for the busy-message check; `nil` skips it.
    var lineHeldByGPIOSet: Int?
    /// The libgpiod version the host built the check against (e.g. `1.6.3`, `2.3`); the check
    /// fails unless the driver runs on exactly that one.
    var libgpiodVersion = ""

    static let usage = "usage: gpio-sim-check --chip NAME --sim-dir DIR --libgpiod VERSION [--gpioset-line N]"

    /// Parses `--chip NAME --sim-dir DIR --libgpiod VERSION [--gpioset-line N]`; `nil` when they
    /// are incomplete.
    init?(arguments: [String]) {
        var remaining = arguments[...]
        while let flag = remaining.popFirst() {
            guard let value = remaining.popFirst() else { return nil }
            switch flag {
            case "--chip": chip = value
            case "--sim-dir": simDirectory = value
            case "--libgpiod": libgpiodVersion = value
            case "--gpioset-line":
                guard let line = Int(value) else { return nil }
                lineHeldByGPIOSet = line
            default: return nil
            }
        }
        if chip.isEmpty || simDirectory.isEmpty || libgpiodVersion.isEmpty { return nil }
    }
}
