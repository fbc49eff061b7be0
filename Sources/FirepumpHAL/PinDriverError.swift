/// Why a pin operation failed. Every driver throws these, so callers handle
/// the mock and real hardware the same way.
public struct PinDriverError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure, independent of the driver.
    public enum Kind: String, Sendable, Hashable {
        /// The line number does not exist on the chip.
        case lineOutOfRange
        /// Another consumer (or this process) already holds the line.
        case lineBusy
        /// The line was never requested (or was released) by this driver.
        case lineNotRequested
        /// The operation needs an output but the line is an input.
        case notAnOutput
        /// The chip could not be found or opened.
        case chipUnavailable
        /// The operating system refused the call for another reason.
        case systemError
    }

    /// The kind of failure.
    public var kind: Kind
    /// The call that failed, e.g. `gpiod_line_request_output` or `set`.
    public var operation: String
    /// The chip the line is on (name, label or path), e.g. `gpiochip0`.
    public var chip: String
    /// The line, when the failure concerns one.
    public var line: Int?
    /// The `errno` value, when the operating system reported one.
    public var errno: Int32?
    /// Extra detail: the `strerror` text, or who holds a busy line.
    public var detail: String

    public init(kind: Kind, operation: String, chip: String, line: Int?, errno: Int32? = nil, detail: String) {
        self.kind = kind
        self.operation = operation
        self.chip = chip
        self.line = line
        self.errno = errno
        self.detail = detail
    }

    /// One line in the style of libgpiod's tools, e.g.
    /// `line 18 on gpiochip0 is busy (used by 'foo'): gpiod_line_request_output: Device or resource busy`.
    public var description: String {
        let subject = line.map { "line \($0) on \(chip)" } ?? chip
        let what: String
        switch kind {
        case .lineOutOfRange: what = "\(subject) does not exist"
        case .lineBusy: what = "\(subject) is busy"
        case .lineNotRequested: what = "\(subject) was not requested"
        case .notAnOutput: what = "\(subject) is an input, not an output"
        case .chipUnavailable: what = "\(chip) cannot be opened"
        case .systemError: what = "\(subject) failed"
        }
        return detail.isEmpty ? "\(what): \(operation)" : "\(what) (\(detail)): \(operation)"
    }
}
