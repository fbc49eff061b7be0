import Synchronization

/// Carries a pin driver's asynchronous faults (an input reader that stopped watching a line) to
/// whoever runs the pump, which may be set up after the driver. Faults reported before anyone
/// listens are kept and handed over on ``connect(_:)``. Safe from any thread.
public final class PinFaultRelay: Sendable {
    private struct State {
        var sink: (@Sendable (PinDriverError) -> Void)?
        var early: [PinDriverError] = []
    }

    private let state = Mutex(State())

    public init() {}

    /// Reports a fault (give this to the driver, e.g. `GPIODPinDriver(onReaderError:)`).
    public func report(_ error: PinDriverError) {
        let sink = state.withLock { state in
            if state.sink == nil { state.early.append(error) }
            return state.sink
        }
        sink?(error)
    }

    /// From now on faults go to `sink`, starting with those already reported.
    public func connect(_ sink: @escaping @Sendable (PinDriverError) -> Void) {
        let early = state.withLock { state in
            state.sink = sink
            defer { state.early = [] }
            return state.early
        }
        early.forEach(sink)
    }
}
