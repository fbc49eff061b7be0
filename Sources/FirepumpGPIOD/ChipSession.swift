internal import CGPIODShim
internal import Glibc
import FirepumpHAL
import Synchronization

/// The state one ``GPIODPinDriver`` shares with its edge reader thread: the open chip, the held
/// lines, the reader's wake-up `eventfd` and the reader itself.
///
/// The reader thread keeps the session alive (not the driver), so dropping the driver closes the
/// session and joins the reader.
final class ChipSession: Sendable {
    let chipName: String
    let chipLabel: String
    let lineCount: Int
    /// The chip handle and held lines; every libgpiod call happens while holding it.
    let state: Mutex<ChipState>
    /// Held by the reader while it calls edge callbacks, so ``release(line:)`` can wait until a
    /// callback in flight has returned. Lock order: `dispatchGate` before `state`.
    let dispatchGate = Mutex(())
    let wake: WakeSignal
    let onReaderError: @Sendable (PinDriverError) -> Void
    private let reader = Mutex<ReaderThread?>(nil)

    /// Opens the chip and starts the edge reader.
    init(chip description: String, onReaderError: @escaping @Sendable (PinDriverError) -> Void) throws(PinDriverError) {
        var failure = ShimFailure()
        guard let chip = unsafe fpgpiod_chip_open(description, &failure.raw) else {
            throw Self.openFailure(description, failure: failure)
        }
        chipName = unsafe String(cString: fpgpiod_chip_name(chip))
        chipLabel = unsafe String(cString: fpgpiod_chip_label(chip))
        lineCount = Int(unsafe fpgpiod_chip_line_count(chip))
        do {
            wake = try WakeSignal(chip: chipName)
        } catch {
            unsafe fpgpiod_chip_close(chip)
            throw error
        }
        state = Mutex(ChipState(chip: unsafe ChipHandle(raw: chip)))
        self.onReaderError = onReaderError
        do {
            let thread = try ReaderThread(chip: chipName) { [self] in runReader() }
            reader.withLock { $0 = thread }
        } catch {
            close()
            wake.close()
            throw error
        }
    }

    /// Releases every line, stops and joins the reader, closes the chip. Idempotent.
    func close() {
        let firstClose = state.withLock { state -> Bool in
            guard !state.stopping else { return false }
            state.stopping = true
            for held in state.held.values { unsafe fpgpiod_line_release(held.handle.raw) }
            state.held.removeAll()
            if let chip = state.chip { unsafe fpgpiod_chip_close(chip.raw) }
            state.chip = nil
            return true
        }
        guard firstClose else { return }
        wake.signal()
        reader.withLock { $0 }?.join()
    }

    /// Whether the caller is the edge reader thread (i.e. inside an edge callback).
    var onReaderThread: Bool {
        reader.withLock { $0 }?.isCurrent ?? false
    }

    /// Returns once no edge callback is running (unless called from one, which would deadlock).
    func waitForCallbacksInFlight() {
        guard !onReaderThread else { return }
        dispatchGate.withLock { _ in }
    }

    /// Returns once the reader has taken a snapshot of the watched lines newer than `snapshot`
    /// (or is stopping). Until then it may still sleep in `poll()` on a released line's closed
    /// event descriptor, and `poll()` holds the open file, so the kernel keeps the line requested:
    /// requesting it again, here or in another process, would fail with EBUSY. The reader comes
    /// back within one wake-up; not waited for from the reader thread, which is not in `poll()`.
    func waitForReaderToRepoll(after snapshot: UInt64) {
        guard !onReaderThread else { return }
        while state.withLock({ !$0.stopping && $0.snapshots == snapshot }) { usleep(100) }
    }

    private static func openFailure(_ description: String, failure: ShimFailure) -> PinDriverError {
        let code = failure.errno
        let chips = ChipDirectory.describeAll()
        let present = chips.isEmpty ? "no GPIO chips on this machine" : "present: \(chips.joined(separator: ", "))"
        let reason = code == ENOENT || code == ENODEV || code == ENOTTY
            ? "no GPIO chip with that name, number, label or path" : errnoText(code)
        return PinDriverError(
            kind: .chipUnavailable, operation: failure.call, chip: description, line: nil,
            errno: code, detail: "\(reason); \(present)")
    }
}
