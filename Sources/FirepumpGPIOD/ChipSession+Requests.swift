internal import CGPIOD
internal import Glibc
import FirepumpHAL
import Synchronization

extension ChipSession {
    /// Requests an output with its initial logical value and polarity in one request, so the
    /// pin never shows the other level. The corresponding C function is `gpiod_line_request_output_flags`.
    func requestOutput(_ request: OutputRequest, consumer: String) throws(PinDriverError) {
        let operation = "gpiod_line_request_output_flags"
        try checkRange(request.line, operation: operation)
        try state.withLock { (state: inout ChipState) throws(PinDriverError) in
            let handle = try lineHandle(request.line, in: state, operation: operation)
            let flags = RequestFlags.polarity(activeLow: request.activeLow)
            let result = unsafe gpiod_line_request_output_flags(
                handle.raw, consumer, flags, request.initiallyActive ? 1 : 0)
            guard result == 0 else {
                throw requestFailure(operation, line: request.line, handle: handle, errno: lastErrno())
            }
            state.held[request.line] = HeldLine(
                handle: handle, direction: .output, edges: .none,
                consumer: consumer, eventFD: nil, token: state.takeToken(), onEdge: nil)
        }
    }

    /// Requests an input with polarity and bias and, when edges are wanted, an event descriptor
    /// the reader thread starts watching before this returns.
    ///
    /// The kernel is asked for exactly the edges wanted. With the v1 uAPI it applies the
    /// polarity to edges itself (an active-low line's rising edge is the electrical fall), and a
    /// single-edge request's event kind is fixed by the request rather than read back from the
    /// line afterwards, which a fast bounce could already have changed.
    func requestInput(
        _ request: InputRequest, consumer: String, onEdge: @escaping @Sendable (EdgeEvent) -> Void
    ) throws(PinDriverError) {
        let operation = Self.inputOperation(request.edges)
        try checkRange(request.line, operation: operation)
        let watches = try state.withLock { (state: inout ChipState) throws(PinDriverError) -> Bool in
            let handle = try lineHandle(request.line, in: state, operation: operation)
            let flags = RequestFlags.polarity(activeLow: request.activeLow) | RequestFlags.bias(request.pull)
            let result: Int32 = switch request.edges {
            case .none: unsafe gpiod_line_request_input_flags(handle.raw, consumer, flags)
            case .rising: unsafe gpiod_line_request_rising_edge_events_flags(handle.raw, consumer, flags)
            case .falling: unsafe gpiod_line_request_falling_edge_events_flags(handle.raw, consumer, flags)
            case .both: unsafe gpiod_line_request_both_edges_events_flags(handle.raw, consumer, flags)
            }
            guard result == 0 else {
                throw requestFailure(operation, line: request.line, handle: handle, errno: lastErrno())
            }
            var eventFD: Int32?
            if request.edges != .none {
                do throws(PinDriverError) {
                    eventFD = try nonBlockingEventFD(of: handle, line: request.line)
                } catch {
                    unsafe gpiod_line_release(handle.raw)
                    throw error
                }
            }
            state.held[request.line] = HeldLine(
                handle: handle, direction: .input, edges: request.edges,
                consumer: consumer, eventFD: eventFD, token: state.takeToken(),
                onEdge: request.edges == .none ? nil : onEdge)
            return eventFD != nil
        }
        if watches { wake.signal() }
    }

    /// The libgpiod call that requests an input with the given edge detection.
    static func inputOperation(_ edges: EdgeDetection) -> String {
        switch edges {
        case .none: "gpiod_line_request_input_flags"
        case .rising: "gpiod_line_request_rising_edge_events_flags"
        case .falling: "gpiod_line_request_falling_edge_events_flags"
        case .both: "gpiod_line_request_both_edges_events_flags"
        }
    }

    /// The line's event descriptor, switched to non-blocking so the reader can never hang in
    /// `read()`.
    private func nonBlockingEventFD(of handle: LineHandle, line: Int) throws(PinDriverError) -> Int32 {
        let fd = unsafe gpiod_line_event_get_fd(handle.raw)
        guard fd >= 0 else {
            throw .failedCall(.systemError, "gpiod_line_event_get_fd", chip: chipName, line: line, errno: lastErrno())
        }
        let flags = fcntl(fd, F_GETFL)
        guard flags >= 0, fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0 else {
            throw .failedCall(.systemError, "fcntl(O_NONBLOCK)", chip: chipName, line: line, errno: lastErrno())
        }
        return fd
    }

    /// The error for a failed request. A busy line names who holds it, as the kernel reports it
    /// (another process, another driver in this process, or this driver).
    private func requestFailure(
        _ operation: String, line: Int, handle: LineHandle, errno code: Int32
    ) -> PinDriverError {
        guard code == EBUSY else {
            return .failedCall(.systemError, operation, chip: chipName, line: line, errno: code)
        }
        var holder = "an unnamed consumer"
        if unsafe gpiod_line_update(handle.raw) == 0, let name = unsafe gpiod_line_consumer(handle.raw) {
            let consumer = unsafe String(cString: name)
            if !consumer.isEmpty { holder = "'\(consumer)'" }
        }
        return PinDriverError(
            kind: .lineBusy, operation: operation, chip: chipName, line: line, errno: code,
            detail: "used by \(holder)")
    }
}
