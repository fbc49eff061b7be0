import Dispatch
import FirepumpCore

/// The controller loop's time: the current instant, and how to wait for the next one. The
/// daemon uses ``MonotonicLoopClock``; tests give one that moves virtual time to each instant.
public protocol LoopClock: Sendable {
    /// The current instant on the controller's time line.
    var now: Instant { get }

    /// Returns once `inbox` holds an entry or `deadline` has come (never, when `nil`), whichever
    /// is first. May return early; the loop then looks again and waits again.
    func wait(for inbox: LoopInbox, until deadline: Instant?)
}

/// The system's monotonic clock (`CLOCK_MONOTONIC`, as Dispatch reads it), as seconds since the
/// clock was made. Waits block the calling thread on the inbox's semaphore.
public struct MonotonicLoopClock: LoopClock {
    private let origin: UInt64

    /// A clock whose ``now`` is zero now.
    public init() {
        origin = DispatchTime.now().uptimeNanoseconds
    }

    public var now: Instant {
        Instant(seconds: Double(DispatchTime.now().uptimeNanoseconds - origin) / 1e9)
    }

    public func wait(for inbox: LoopInbox, until deadline: Instant?) {
        guard let deadline else { return inbox.waitForEntry(until: .distantFuture) }
        let nanoseconds = (max(0, deadline.seconds) * 1e9).rounded(.up)
        inbox.waitForEntry(until: DispatchTime(uptimeNanoseconds: origin + UInt64(min(nanoseconds, 1e18))))
    }
}
