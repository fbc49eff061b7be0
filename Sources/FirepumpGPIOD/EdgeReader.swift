internal import CGPIODShim
internal import Glibc
import FirepumpHAL
import Synchronization

/// Edge events read from one line in one go, with the callback they go to.
private struct EdgeBatch {
    let line: Int
    let token: UInt64
    let events: [EdgeEvent]
    let onEdge: @Sendable (EdgeEvent) -> Void
}

extension ChipSession {
    /// The reader thread's loop: block in `poll()` on every watched line's event descriptor plus
    /// the wake-up `eventfd`, read what arrived, call the callbacks. No timeout: it sleeps until
    /// an edge arrives, the set of lines changes or the session closes.
    func runReader() {
        defer { wake.close() }
        var failures = 0
        while true {
            wake.drain()
            let (watched, stopping) = state.withLock { state in
                state.snapshots += 1
                return (state.watched, state.stopping)
            }
            if stopping { return }
            var fds = [pollfd(fd: wake.fd, events: Int16(POLLIN), revents: 0)]
            fds += watched.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
            let ready = unsafe poll(&fds, nfds_t(fds.count), -1)
            if ready < 0 {
                let code = lastErrno()
                if code == EINTR { continue }
                onReaderError(.failedCall(.systemError, "poll", chip: chipName, line: nil, errno: code))
                // Only ENOMEM can recur here; do not spin while the kernel is short of memory.
                failures += 1
                usleep(UInt32(min(failures, 10)) * 100_000)
                continue
            }
            failures = 0
            for (index, watch) in watched.enumerated() where fds[index + 1].revents != 0 {
                if let batch = readEvents(watch) { deliver(batch) }
            }
        }
    }

    /// Reads every queued event of a line that is still held by the request the reader saw
    /// (libgpiod: `gpiod_line_event_read_fd_multiple` in 1.6, `gpiod_line_request_read_edge_events`
    /// in 2.x).
    private func readEvents(_ watch: WatchedLine) -> EdgeBatch? {
        let outcome = state.withLock { state -> Result<EdgeBatch, PinDriverError>? in
            // Released (and maybe re-requested, the descriptor number reused) since the snapshot.
            guard let held = state.held[watch.line], held.token == watch.token,
                  held.eventFD != nil, let onEdge = held.onEdge else { return nil }
            var events: [EdgeEvent] = []
            var buffer = [fpgpiod_edge](repeating: FPGPIOD_EDGE_UNKNOWN, count: Int(FPGPIOD_MAX_EDGES_PER_READ))
            while true {
                var failure = ShimFailure()
                let count = unsafe buffer.withUnsafeMutableBufferPointer { buffer in
                    unsafe fpgpiod_line_read_edges(held.handle.raw, buffer.baseAddress, UInt32(buffer.count), &failure.raw)
                }
                if count < 0 {
                    if failure.errno == EAGAIN || failure.errno == EINTR { break }
                    // The descriptor is broken: stop watching it rather than spinning on it.
                    state.held[watch.line]?.eventFD = nil
                    return .failure(.failedCall(.systemError, failure, chip: chipName, line: watch.line))
                }
                events += buffer.prefix(Int(count)).compactMap { Self.edge($0, line: watch.line, wanted: held.edges) }
                if count < buffer.count { break }
            }
            return .success(EdgeBatch(line: watch.line, token: watch.token, events: events, onEdge: onEdge))
        }
        switch outcome {
        case .none: return nil
        case .success(let batch): return batch
        case .failure(let error):
            onReaderError(error)
            return nil
        }
    }

    /// Calls the callback for each event, stopping as soon as the line is released (a callback
    /// may release its own line).
    private func deliver(_ batch: EdgeBatch) {
        dispatchGate.withLock { _ in
            for event in batch.events {
                let stillHeld = state.withLock { $0.held[batch.line]?.token == batch.token }
                guard stillHeld else { return }
                batch.onEdge(event)
            }
        }
    }

    /// The logical edge for one read from the kernel, or `nil` when the request did not ask for
    /// its kind. Both uAPI versions report edges of active-low lines logically already (rising =
    /// became active), so no inversion happens here.
    private static func edge(_ edge: fpgpiod_edge, line: Int, wanted: EdgeDetection) -> EdgeEvent? {
        let kind: EdgeEvent.Kind
        switch edge {
        case FPGPIOD_EDGE_RISING: kind = .rising
        case FPGPIOD_EDGE_FALLING: kind = .falling
        default: return nil
        }
        switch (wanted, kind) {
        case (.both, _), (.rising, .rising), (.falling, .falling): return EdgeEvent(line: line, kind: kind)
        default: return nil
        }
    }
}
