import FirepumpGPIOD
import FirepumpHAL
import FirepumpTestSupport

/// What an operator reads when something is wrong: the chip, the line, who holds it, the call.
/// The message reads the same on libgpiod 1.6 and 2.x; only the call it names is the version's own.
enum ErrorMessageChecks {
    static func cases(_ options: CheckOptions) -> [CheckCase] {
        let calls = LibgpiodCalls(version: GPIODPinDriver.libgpiodVersion)
        var cases = [
            CheckCase("errors: a chip that does not exist is chipUnavailable and says which chips do") {
                do {
                    _ = try GPIODPinDriver(chip: "no-such-chip")
                    throw ContractFailure("opening 'no-such-chip' succeeded")
                } catch let error as PinDriverError {
                    Console.line("INFO no-such-chip: \(error)")
                    try require(error.kind == .chipUnavailable, "kind is \(error.kind)")
                    try require(error.operation == calls.openChip, "operation is \(error.operation), expected \(calls.openChip)")
                    try require(error.errno != nil, "no errno")
                    let text = "\(error)"
                    try require(text.contains("no-such-chip") && text.contains(options.chip),
                                "message names neither the wanted chip nor the present one: \(text)")
                }
            },
            CheckCase("errors: the chip opens by name, label and path") {
                for description in [options.chip, "firepump-sim", "/dev/\(options.chip)"] {
                    let driver = try GPIODPinDriver(chip: description)
                    try require(driver.chipName == options.chip, "'\(description)' opened \(driver.chipName)")
                    try require(driver.lineCount == 64, "'\(description)' has \(driver.lineCount) lines")
                }
            },
            CheckCase("errors: a line held by another driver is busy and names its consumer") {
                let holder = try GPIODPinDriver(chip: options.chip, consumerPrefix: "fp:")
                try holder.requestOutput(OutputRequest(line: 10, initiallyActive: false, activeLow: false, consumer: "foo"))
                let other = try GPIODPinDriver(chip: options.chip)
                try expectBusy(line: 10, heldBy: "fp:foo", chip: options.chip, call: calls.requestBothEdges) {
                    try other.requestInput(
                        InputRequest(line: 10, activeLow: false, pull: .up, edges: .both, consumer: "bar")) { _ in }
                }
            },
            CheckCase("errors: misuse names the libgpiod call, chip and line") {
                let driver = try GPIODPinDriver(chip: options.chip)
                do {
                    try driver.set(line: 12, active: true)
                    throw ContractFailure("set on a line never requested succeeded")
                } catch let error as PinDriverError {
                    try require(error.kind == .lineNotRequested && error.operation == calls.setValue
                                && error.line == 12 && error.chip == options.chip, "got \(error)")
                }
                do {
                    try driver.requestOutput(OutputRequest(line: 64, initiallyActive: false, activeLow: false, consumer: "t"))
                    throw ContractFailure("requesting line 64 succeeded")
                } catch let error as PinDriverError {
                    try require(error.kind == .lineOutOfRange && "\(error)".contains("0-63"), "got \(error)")
                }
                driver.close()
                do {
                    try driver.requestOutput(OutputRequest(line: 12, initiallyActive: false, activeLow: false, consumer: "t"))
                    throw ContractFailure("requesting on a closed driver succeeded")
                } catch let error as PinDriverError {
                    try require(error.kind == .chipUnavailable, "closed driver: got \(error)")
                }
            },
        ]
        if let line = options.lineHeldByGPIOSet {
            cases.append(CheckCase("errors: a line held by gpioset is busy and names 'gpioset'") {
                let driver = try GPIODPinDriver(chip: options.chip)
                try expectBusy(line: line, heldBy: "gpioset", chip: options.chip, call: calls.requestOutput) {
                    try driver.requestOutput(OutputRequest(line: line, initiallyActive: false, activeLow: false, consumer: "t"))
                }
            })
        }
        return cases
    }

    /// Runs `body`, which must fail with `.lineBusy` reading `line N on CHIP is busy (used by 'HOLDER')`
    /// and naming `call`.
    private static func expectBusy(
        line: Int, heldBy holder: String, chip: String, call: String, _ body: () throws -> Void
    ) throws {
        do {
            try body()
        } catch let error as PinDriverError {
            Console.line("INFO busy: \(error)")
            try require(error.kind == .lineBusy, "kind is \(error.kind): \(error)")
            let expected = "line \(line) on \(chip) is busy (used by '\(holder)')"
            try require("\(error)".hasPrefix(expected), "message is '\(error)', expected it to start with '\(expected)'")
            try require(error.operation == call, "operation is \(error.operation), expected \(call)")
            try require(error.errno == 16, "errno is \(String(describing: error.errno)), expected EBUSY (16)")
            return
        }
        throw ContractFailure("requesting a held line succeeded")
    }
}

/// Throws a ``ContractFailure`` unless the condition holds.
func require(_ condition: Bool, _ message: @autoclosure () -> String) throws {
    if !condition { throw ContractFailure(message()) }
}
