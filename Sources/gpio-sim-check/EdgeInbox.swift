import Dispatch
import FirepumpCore
import Synchronization

/// Input changes from the driver's reader thread, queued as the events the daemon's loop would
/// get (`ControllerLoop.edgeSink`), for the thread that owns the controller to take one at a time.
final class EdgeInbox: Sendable {
    private let events = Mutex<[PumpEvent]>([])
    private let arrivals = DispatchSemaphore(value: 0)

    /// The callback to give ``PumpController/start(at:onEdge:)``.
    var sink: @Sendable (InputRole, Bool) -> Void {
        { [self] role, active in
            events.withLock { $0.append(.inputChanged(role, active: active)) }
            arrivals.signal()
        }
    }

    /// The changes that arrived and were not taken yet.
    var pending: [PumpEvent] { events.withLock { $0 } }

    /// The oldest change not taken yet, waiting up to `timeout` seconds for one to arrive.
    func next(timeout: Double) -> PumpEvent? {
        guard arrivals.wait(timeout: .now() + timeout) == .success else { return nil }
        return events.withLock { $0.removeFirst() }
    }
}
