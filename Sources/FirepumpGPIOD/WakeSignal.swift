internal import CGPIODShim
internal import Glibc
import FirepumpHAL

/// An `eventfd` that wakes the edge reader out of `poll()` when its set of lines changes or the
/// driver shuts down. Non-blocking: signalling never blocks, draining never waits.
struct WakeSignal: Sendable {
    /// The descriptor the reader polls.
    let fd: Int32

    /// Creates the `eventfd`.
    init(chip: String) throws(PinDriverError) {
        let fd = eventfd(0, Int32(EFD_CLOEXEC) | Int32(EFD_NONBLOCK))
        guard fd >= 0 else {
            throw .failedCall(.systemError, "eventfd", chip: chip, line: nil, errno: lastErrno())
        }
        self.fd = fd
    }

    /// Makes the next (or current) `poll()` on ``fd`` return.
    func signal() {
        // Only fails when the counter would overflow, and then the reader is awake anyway.
        _ = eventfd_write(fd, 1)
    }

    /// Clears pending signals, so the next `poll()` blocks until a new one.
    func drain() {
        var count: eventfd_t = 0
        _ = unsafe eventfd_read(fd, &count)
    }

    /// Closes the descriptor; call once, after the reader has stopped.
    func close() {
        _ = Glibc.close(fd)
    }
}
