import FirepumpCore
import FirepumpGPIOD
import FirepumpHAL
import FirepumpSettings
import Logging

/// The pin driver `firepump run` uses: libgpiod on the configured chip, or, only when asked
/// for explicitly, the in-memory mock that logs every request and change of a line at `debug` (the
/// controller's `output` line at `info` says the same for both drivers).
enum PinSelection {
    /// - Throws: ``CommandFailure`` with exit status 1 when the chip cannot be opened (never a
    ///   silent fallback to the mock, reference C7).
    /// - Parameter faults: where the libgpiod driver reports an edge reader that stopped.
    static func open(_ config: DaemonConfig, mock: Bool, faults: PinFaultRelay, logger: Logger) throws(CommandFailure) -> any PinDriver {
        if mock {
            let pinLogger = Logger(label: "firepump.mock-pins")
            logger.warning("MOCK MODE: pins are simulated in memory; the pump will NOT operate")
            // The log is the record here; the driver keeps only what a person could inspect. At
            // `debug`: at `info` the controller's `output` line already reports each change.
            return MockPinDriver(
                onOutputChange: { line, level in
                    pinLogger.debug("mock pin changed", metadata: ["pin.line": "\(line)", "pin.level": "\(level == .high ? "high" : "low")"])
                },
                historyLimit: 256)
        }
        do {
            return try GPIODPinDriver(chip: config.gpioChip, onReaderError: faults.report)
        } catch {
            throw CommandFailure("cannot open GPIO chip: \(error) (use --mock to run without hardware)", exitCode: 1)
        }
    }
}
