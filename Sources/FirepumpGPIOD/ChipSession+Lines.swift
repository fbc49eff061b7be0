internal import CGPIODShim
import FirepumpHAL
import Synchronization

extension ChipSession {
    /// Drives a held output to a logical value (libgpiod: `gpiod_line_set_value` in 1.6,
    /// `gpiod_line_request_set_value` in 2.x).
    func set(line: Int, active: Bool) throws(PinDriverError) {
        let operation = LineSettings.callName(FPGPIOD_OP_SET_VALUE)
        try checkRange(line, operation: operation)
        try state.withLock { (state: inout ChipState) throws(PinDriverError) in
            let held = try heldLine(line, in: state, operation: operation)
            guard held.direction == .output else {
                throw PinDriverError(
                    kind: .notAnOutput, operation: operation, chip: chipName, line: line,
                    detail: "requested as an input by '\(held.consumer)'")
            }
            var failure = ShimFailure()
            guard unsafe fpgpiod_line_set(held.handle.raw, active, &failure.raw) == 0 else {
                throw .failedCall(.systemError, failure, chip: chipName, line: line)
            }
        }
    }

    /// Reads a held line's logical value (libgpiod: `gpiod_line_get_value` in 1.6,
    /// `gpiod_line_request_get_value` in 2.x).
    func isActive(line: Int) throws(PinDriverError) -> Bool {
        let operation = LineSettings.callName(FPGPIOD_OP_GET_VALUE)
        try checkRange(line, operation: operation)
        return try state.withLock { (state: inout ChipState) throws(PinDriverError) -> Bool in
            let held = try heldLine(line, in: state, operation: operation)
            var failure = ShimFailure()
            let value = unsafe fpgpiod_line_get(held.handle.raw, &failure.raw)
            guard value >= 0 else {
                throw .failedCall(.systemError, failure, chip: chipName, line: line)
            }
            return value == 1
        }
    }

    /// Releases a held line; once this returns its edge callback is not running and never runs
    /// again (from inside that callback, it is simply never called again), and the kernel has
    /// freed the line (libgpiod: `gpiod_line_release` in 1.6, `gpiod_line_request_release` in 2.x).
    func release(line: Int) throws(PinDriverError) {
        let operation = LineSettings.callName(FPGPIOD_OP_RELEASE)
        try checkRange(line, operation: operation)
        let (watched, snapshot) = try state.withLock { (state: inout ChipState) throws(PinDriverError) -> (Bool, UInt64) in
            let held = try heldLine(line, in: state, operation: operation)
            unsafe fpgpiod_line_release(held.handle.raw)
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
            for held in state.held.values { unsafe fpgpiod_line_release(held.handle.raw) }
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

    /// The open chip, for a request of `line`.
    func openChip(in state: borrowing ChipState, line: Int, operation: String) throws(PinDriverError) -> ChipHandle {
        guard let chip = state.chip else { throw closed(line: line, operation: operation) }
        return chip
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
