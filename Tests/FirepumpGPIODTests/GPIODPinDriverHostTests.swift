import FirepumpGPIOD
import FirepumpHAL
import Testing

/// What the libgpiod backend does on a machine without the GPIO chip it is asked for (this
/// build machine has none at all). Everything that needs a chip runs under qemu on gpio-sim
/// (`scripts/gpio-sim-test`), against libgpiod 1.6 and 2.x.
@Suite("GPIODPinDriver without a chip")
struct GPIODPinDriverHostTests {
    @Test("the driver was built for the libgpiod API of the library it loads")
    func builtForTheLoadedLibrary() {
        let version = GPIODPinDriver.libgpiodVersion
        #expect([1, 2].contains(GPIODPinDriver.libgpiodAPI))
        #expect(version.hasPrefix("\(GPIODPinDriver.libgpiodAPI)."), "libgpiod \(version) loaded, built for API \(GPIODPinDriver.libgpiodAPI)")
    }

    @Test("a chip that does not exist is chipUnavailable, naming the open call, ENOENT and the chips present")
    func missingChip() {
        let openCall = GPIODPinDriver.libgpiodAPI == 1 ? "gpiod_chip_open_lookup" : "gpiod_chip_open"
        do {
            _ = try GPIODPinDriver(chip: "no-such-chip")
            Issue.record("opening 'no-such-chip' succeeded")
        } catch {
            #expect(error.kind == .chipUnavailable)
            #expect(error.operation == openCall)
            #expect(error.errno == 2, "errno \(String(describing: error.errno)), expected ENOENT")
            let text = "\(error)"
            #expect(text.hasPrefix("no-such-chip cannot be opened (no GPIO chip with that name, number, label or path; "), "\(text)")
            #expect(text.contains("no GPIO chips on this machine") || text.contains("present: gpiochip"), "\(text)")
            #expect(text.hasSuffix("): \(openCall)"), "\(text)")
        }
    }
}
