/// A GPIO chip as the controller sees it: request lines, drive outputs, read inputs,
/// receive edge events, release.
///
/// Values passed to and from ``set(line:active:)`` and ``isActive(line:)`` are
/// *logical*: the polarity given at request time is applied by the driver (by the kernel for
/// libgpiod), so the controller never handles electrical levels.
///
/// Edge callbacks may run on any thread (libgpiod delivers them from a reader thread; the mock
/// calls them synchronously from ``MockPinDriver/setInputLevel(line:_:)``); they must not block.
///
/// All drivers throw ``PinDriverError`` with the same ``PinDriverError/Kind`` for the same misuse:
/// requesting a line twice is `.lineBusy`, touching a line never requested is `.lineNotRequested`,
/// setting an input is `.notAnOutput`, a line number beyond the chip is `.lineOutOfRange`.
public protocol PinDriver: AnyObject, Sendable {
    /// The chip's name as reported by the kernel (e.g. `gpiochip0`), used in messages.
    var chipName: String { get }

    /// The number of lines on the chip.
    var lineCount: Int { get }

    /// Requests a line as an output, driven to `request.initiallyActive` in the same request.
    func requestOutput(_ request: OutputRequest) throws(PinDriverError)

    /// Requests a line as an input with bias and edge detection; `onEdge` receives its edges
    /// until the line is released.
    func requestInput(_ request: InputRequest, onEdge: @escaping @Sendable (EdgeEvent) -> Void) throws(PinDriverError)

    /// Drives an output line to a logical level.
    func set(line: Int, active: Bool) throws(PinDriverError)

    /// Reads the logical level of a requested line (input or output).
    func isActive(line: Int) throws(PinDriverError) -> Bool

    /// Releases one line; its edge callback is never called again.
    func release(line: Int) throws(PinDriverError)

    /// Releases every line this driver holds. Outputs keep their last electrical level
    /// (on real hardware the kernel leaves the pin as it was).
    func releaseAll()
}
