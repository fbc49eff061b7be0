internal import CGPIODShim
internal import Glibc
import FirepumpHAL
import Synchronization

extension ChipSession {
    /// Requests an output with its initial logical value and polarity in one request, so the
    /// pin never shows the other level (libgpiod: `gpiod_line_request_output_flags` in 1.6,
    /// `gpiod_chip_request_lines` with the output value in the line settings in 2.x).
    func requestOutput(_ request: OutputRequest, consumer: String) throws(PinDriverError) {
        let operation = LineSettings.callName(FPGPIOD_OP_REQUEST_OUTPUT)
        try checkRange(request.line, operation: operation)
        try state.withLock { (state: inout ChipState) throws(PinDriverError) in
            let chip = try openChip(in: state, line: request.line, operation: operation)
            var failure = ShimFailure()
            guard let raw = unsafe fpgpiod_request_output(
                chip.raw, UInt32(request.line), consumer, request.activeLow, request.initiallyActive, &failure.raw)
            else {
                throw requestFailure(failure, line: request.line, chip: chip)
            }
            state.held[request.line] = HeldLine(
                handle: unsafe LineHandle(raw: raw), direction: .output, edges: .none,
                consumer: consumer, eventFD: nil, token: state.takeToken(), onEdge: nil)
        }
    }

    /// Requests an input with polarity and bias and, when edges are wanted, an event descriptor
    /// the reader thread starts watching before this returns.
    ///
    /// The kernel is asked for exactly the edges wanted. With both uAPI versions it applies the
    /// polarity to edges itself (an active-low line's rising edge is the electrical fall), and a
    /// single-edge request's event kind is fixed by the request rather than read back from the
    /// line afterwards, which a fast bounce could already have changed.
    func requestInput(
        _ request: InputRequest, consumer: String, onEdge: @escaping @Sendable (EdgeEvent) -> Void
    ) throws(PinDriverError) {
        let operation = LineSettings.callName(LineSettings.inputOperation(request.edges))
        try checkRange(request.line, operation: operation)
        let watches = try state.withLock { (state: inout ChipState) throws(PinDriverError) -> Bool in
            let chip = try openChip(in: state, line: request.line, operation: operation)
            var failure = ShimFailure()
            guard let raw = unsafe fpgpiod_request_input(
                chip.raw, UInt32(request.line), consumer, request.activeLow, LineSettings.bias(request.pull),
                LineSettings.edges(request.edges), &failure.raw)
            else {
                throw requestFailure(failure, line: request.line, chip: chip)
            }
            let handle = unsafe LineHandle(raw: raw)
            var eventFD: Int32?
            if request.edges != .none {
                let fd = unsafe fpgpiod_line_event_fd(handle.raw, &failure.raw)
                guard fd >= 0 else {
                    unsafe fpgpiod_line_release(handle.raw)
                    throw .failedCall(.systemError, failure, chip: chipName, line: request.line)
                }
                eventFD = fd
            }
            state.held[request.line] = HeldLine(
                handle: handle, direction: .input, edges: request.edges,
                consumer: consumer, eventFD: eventFD, token: state.takeToken(),
                onEdge: request.edges == .none ? nil : onEdge)
            return eventFD != nil
        }
        if watches { wake.signal() }
    }

    /// The error for a failed request. A busy line names who holds it, as the kernel reports it
    /// (another process, another driver in this process, or this driver).
    private func requestFailure(_ failure: ShimFailure, line: Int, chip: ChipHandle) -> PinDriverError {
        guard failure.errno == EBUSY else {
            return .failedCall(.systemError, failure, chip: chipName, line: line)
        }
        var holder = "an unnamed consumer"
        var name = [CChar](repeating: 0, count: 64)
        let known = unsafe name.withUnsafeMutableBufferPointer { buffer in
            unsafe fpgpiod_line_consumer(chip.raw, UInt32(line), buffer.baseAddress, buffer.count)
        }
        if known {
            let consumer = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if !consumer.isEmpty { holder = "'\(consumer)'" }
        }
        return PinDriverError(
            kind: .lineBusy, operation: failure.call, chip: chipName, line: line, errno: failure.errno,
            detail: "used by \(holder)")
    }
}
