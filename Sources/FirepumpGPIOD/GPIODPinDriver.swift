internal import CGPIODShim
import FirepumpHAL

/// A ``PinDriver`` on a Linux GPIO chip through libgpiod: the backend the daemon uses on a
/// Raspberry Pi. It builds against whichever libgpiod is installed, 1.6 (the GPIO character
/// device's uAPI v1; Debian 12) or 2.x (uAPI v2; Debian 13), and behaves the same on both.
///
/// - Outputs are requested with their initial logical value and their polarity in the same
///   request, so a relay never glitches to the wrong level.
/// - Inputs are requested with their bias and, when edges are wanted, with kernel edge
///   detection. One reader thread per driver blocks in `poll()` on every watched line plus an
///   `eventfd` (no timeout, no polling interval) and calls the edge callbacks, in order per line.
///   Edges are logical: rising means the line became active, also on active-low lines.
/// - Every failure is a ``PinDriverError`` naming the libgpiod call (of the installed version),
///   chip, line and `errno`; a busy line names its current holder.
///
/// The driver is thread-safe. Dropping it (or calling ``close()``) releases every line, closes the
/// chip and joins the reader thread.
public final class GPIODPinDriver: PinDriver {
    /// The kernel's name of the chip, e.g. `gpiochip0`.
    public let chipName: String
    /// The chip's label, e.g. `pinctrl-bcm2711` (or the gpio-sim bank label).
    public let chipLabel: String
    /// The number of lines on the chip.
    public let lineCount: Int
    /// Put in front of every request's consumer, e.g. `firepump:` shows the pump relay as
    /// `firepump:pump` in `gpioinfo`. The kernel keeps the first 31 bytes.
    public let consumerPrefix: String
    private let session: ChipSession

    /// Opens a chip by name (`gpiochip0`), number (`0`), label (`pinctrl-bcm2711`) or path
    /// (`/dev/gpiochip0`), and starts the edge reader thread.
    ///
    /// - Parameters:
    ///   - chip: how to find the chip.
    ///   - consumerPrefix: put in front of every request's consumer label.
    ///   - onReaderError: called (on the reader thread) when reading a line's events fails; that
    ///     line then reports no more edges. By default the error is written to standard error.
    /// - Throws: `.chipUnavailable` when no such chip exists or it cannot be opened; the message
    ///   lists the chips that do exist.
    ///
    /// The corresponding C function is `gpiod_chip_open_lookup` (1.6) or `gpiod_chip_open` (2.x).
    public init(
        chip: String,
        consumerPrefix: String = "",
        onReaderError: @escaping @Sendable (PinDriverError) -> Void = GPIODPinDriver.reportToStandardError
    ) throws(PinDriverError) {
        session = try ChipSession(chip: chip, onReaderError: onReaderError)
        chipName = session.chipName
        chipLabel = session.chipLabel
        lineCount = session.lineCount
        self.consumerPrefix = consumerPrefix
    }

    deinit {
        session.close()
    }

    /// Requests a line as an output, driven to `request.initiallyActive` in the same request, and
    /// active-low when `request.activeLow`.
    ///
    /// The corresponding C function is `gpiod_line_request_output_flags` (1.6) or
    /// `gpiod_chip_request_lines` (2.x).
    public func requestOutput(_ request: OutputRequest) throws(PinDriverError) {
        try session.requestOutput(request, consumer: consumerPrefix + request.consumer)
    }

    /// Requests a line as an input with its bias (`.none` disables the bias) and polarity; with
    /// edges, the reader thread watches it before this returns.
    ///
    /// The corresponding C functions are `gpiod_line_request_input_flags` and
    /// `gpiod_line_request_{rising_edge,falling_edge,both_edges}_events_flags` (1.6), or
    /// `gpiod_chip_request_lines` (2.x).
    public func requestInput(
        _ request: InputRequest, onEdge: @escaping @Sendable (EdgeEvent) -> Void
    ) throws(PinDriverError) {
        try session.requestInput(request, consumer: consumerPrefix + request.consumer, onEdge: onEdge)
    }

    /// Drives an output line to a logical level.
    ///
    /// The corresponding C function is `gpiod_line_set_value` (1.6) or
    /// `gpiod_line_request_set_value` (2.x).
    public func set(line: Int, active: Bool) throws(PinDriverError) {
        try session.set(line: line, active: active)
    }

    /// Reads the logical level of a requested line.
    ///
    /// The corresponding C function is `gpiod_line_get_value` (1.6) or
    /// `gpiod_line_request_get_value` (2.x).
    public func isActive(line: Int) throws(PinDriverError) -> Bool {
        try session.isActive(line: line)
    }

    /// Releases one line. When this returns, its edge callback is not running and is never called
    /// again (called from inside that callback, the callback just is not called again), and the
    /// line can be requested again at once.
    ///
    /// The corresponding C function is `gpiod_line_release` (1.6) or `gpiod_line_request_release` (2.x).
    public func release(line: Int) throws(PinDriverError) {
        try session.release(line: line)
    }

    /// Releases every line this driver holds; the driver stays open for new requests.
    ///
    /// The corresponding C function is `gpiod_line_release` (1.6) or `gpiod_line_request_release` (2.x).
    public func releaseAll() {
        session.releaseAll()
    }

    /// Releases every line, stops and joins the reader thread and closes the chip. Later calls
    /// throw `.chipUnavailable`. Idempotent; dropping the driver does the same.
    ///
    /// The corresponding C function is `gpiod_chip_close`.
    public func close() {
        session.close()
    }

    /// The version of the libgpiod library loaded at run time, e.g. `1.6.3` or `2.2.1`.
    public static var libgpiodVersion: String {
        unsafe String(cString: fpgpiod_library_version())
    }

    /// The major version of the libgpiod API this driver was built against, 1 or 2 (chosen at
    /// build time from the installed `gpiod.h`).
    public static var libgpiodAPI: Int {
        Int(fpgpiod_api_major())
    }

    /// The default reader-error handler: one line on standard error.
    public static let reportToStandardError: @Sendable (PinDriverError) -> Void = { error in
        StandardError.write("firepump: gpio edge reader: \(error)\n")
    }
}
