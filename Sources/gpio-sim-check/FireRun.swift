/// Where the lead adds one full fire run of the pump controller on the libgpiod backend: the
/// runtime wired to a `GPIODPinDriver` on the simulated chip, the fire input driven through
/// `GPIOSimProbe`, the relays read back through it.
///
/// Until then it has no cases, and main prints a `NOTE` line saying the fire run did not run.
enum FireRunChecks {
    static func cases(_ options: CheckOptions) -> [CheckCase] {
        _ = options
        return []
    }
}
