internal import CGPIOD
import FirepumpHAL
import Synchronization

extension ChipSession {
    /// Drives a held output to a logical value. The corresponding C function is `gpiod_line_set_value`.
    func set(line: Int, active: Bool) throws(PinDriverError) {
        let operation = "gpiod_line_set_value"
        try checkRange(line, operation: operation)
        try state.withLock { (state: inout ChipState) throws(PinDriverError) in
            let held = try heldLine(line, in: state, operation: operation)
            guard held.direction == .output else {
                throw PinDriverError(
                    kind: .notAnOutput, operation: operation, chip: chipName, line: line,
                    detail: "requested as an input by '\(held.consumer)'")
            }
            guard unsafe gpiod_line_set_value(held.handle.raw, active ? 1 : 0) == 0 else {
                throw .failedCall(.systemError, operation, chip: chipName, line: line, errno: lastErrno())
            }
        }
    }

    /// Reads a held line's logical value. The corresponding C function is `gpiod_line_get_value`.
    func isActive(line: Int) throws(PinDriverError) -> Bool {
        let operation = "gpiod_line_get_value"
        try checkRange(line, operation: operation)
        return try state.withLock { (state: inout ChipState) throws(PinDriverError) -> Bool in
            let held = try heldLine(line, in: state, operation: operation)
            let value = unsafe gpiod_line_get_value(held.handle.raw)
            guard value >= 0 else {
                throw .failedCall(.systemError, operation, chip: chipName, line: line, errno: lastErrno())
            }
            return value == 1
        }
    }

    /// Releases a held line; once this returns its edge callback is not running and never runs
    /// again (from inside that callback, it is simply never called again), and the kernel has
    /// freed the line.
    /// The corresponding C function is `gpiod_line_release`.
    func release(line: Int) throws(PinDriverError) {
        let operation = "gpiod_line_release"
        try checkRange(line, operation: operation)
        let (watched, snapshot) = try state.withLock { (state: inout ChipState) throws(PinDriverError) -> (Bool, UInt64) in
            let held = try heldLine(line, in: state, operation: operation)
            unsafe gpiod_line_release(held.handle.raw)
            state.held[line] = nil
            return (held.eventFD != nil, state.snapshots)
        }
        if watched {
            wake.signal()
            waitForCallbacksInFlight()
            waitForReaderToRepoll(after: snapshot)
        }
    }

    /// Releases every held line (outputs keep their level on real hardware).
    func releaseAll() {
        let (watched, snapshot) = state.withLock { state -> (Bool, UInt64) in
            let watched = state.held.values.contains { $0.eventFD != nil }
            for held in state.held.values { unsafe gpiod_line_release(held.handle.raw) }
            state.held.removeAll()
            return (watched, state.snapshots)
        }
        if watched {
            wake.signal()
            waitForCallbacksInFlight()
            waitForReaderToRepoll(after: snapshot)
        }
    }

    // MARK: - Checks, all made while holding the lock

    func checkRange(_ line: Int, operation: String) throws(PinDriverError) {
        guard (0..<lineCount).contains(line) else {
            throw PinDriverError(
                kind: .lineOutOfRange, operation: operation, chip: chipName, line: line,
                detail: "\(chipName) has lines 0-\(lineCount - 1)")
        }
    }

    /// The libgpiod handle of a line of the open chip.
    /// The corresponding C function is `gpiod_chip_get_line`.
    func lineHandle(_ line: Int, in state: borrowing ChipState, operation: String) throws(PinDriverError) -> LineHandle {
        guard let chip = state.chip else { throw closed(line: line, operation: operation) }
        guard let handle = unsafe gpiod_chip_get_line(chip.raw, UInt32(line)) else {
            throw .failedCall(.systemError, "gpiod_chip_get_line", chip: chipName, line: line, errno: lastErrno())
        }
        return unsafe LineHandle(raw: handle)
    }

    /// The record of a line this driver holds.
    func heldLine(_ line: Int, in state: borrowing ChipState, operation: String) throws(PinDriverError) -> HeldLine {
        guard state.chip != nil else { throw closed(line: line, operation: operation) }
        guard let held = state.held[line] else {
            throw PinDriverError(
                kind: .lineNotRequested, operation: operation, chip: chipName, line: line,
                detail: "this driver does not hold it")
        }
        return held
    }

    private func closed(line: Int, operation: String) -> PinDriverError {
        PinDriverError(
            kind: .chipUnavailable, operation: operation, chip: chipName, line: line,
            detail: "the driver was closed")
    }
}
