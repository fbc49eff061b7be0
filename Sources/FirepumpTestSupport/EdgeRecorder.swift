import Dispatch
import FirepumpHAL
import Synchronization

/// Collects edge events from any thread and lets a test wait for them with a deadline.
public final class EdgeRecorder: Sendable {
    private let events = Mutex<[EdgeEvent]>([])
    private let arrivals = DispatchSemaphore(value: 0)

    public init() {}

    /// The callback to register with ``PinDriver/requestInput(_:onEdge:)``.
    public var callback: @Sendable (EdgeEvent) -> Void {
        { [self] event in
            events.withLock { $0.append(event) }
            arrivals.signal()
        }
    }

    /// Every event so far.
    public var received: [EdgeEvent] { events.withLock { $0 } }

    /// Waits until at least `count` events arrived or `timeout` seconds passed; returns what arrived.
    public func wait(forCount count: Int, timeout: Double = 2) -> [EdgeEvent] {
        let deadline = DispatchTime.now() + timeout
        while received.count < count {
            if arrivals.wait(timeout: deadline) == .timedOut { break }
        }
        return received
    }
}
