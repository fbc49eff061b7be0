import FirepumpCore
import Logging

/// The daemon's active object: one thread owns the ``PumpController`` and takes inputs one at a
/// time from one ``LoopInbox`` (urgent ones first), so a transition always runs to completion.
/// Between inputs it waits, on its ``LoopClock``, for the next input or the controller's next
/// deadline, whichever comes first: no timer task, nothing wakes except what the state machine
/// armed and what `housekeeping` asked for (the systemd watchdog, the MQTT set-up retry).
///
/// From the MQTT network thread to the controller is one thread hand-off: the network thread
/// queues the parsed message and, if the loop's thread sleeps, posts its semaphore.
public final class ControllerLoop: Sendable {
    /// The inbound queue; ``send(_:)`` and ``edgeSink`` feed it.
    public let inbox: LoopInbox
    private let clock: any LoopClock
    private let logger: Logger
    /// At most one warning about dropped inputs per this many seconds.
    private static let dropReportInterval = 10.0

    /// A loop reading messages on `topics`, on `clock` (the system's monotonic clock by default).
    public init(topics: Topics, clock: any LoopClock = MonotonicLoopClock(), inbox: LoopInbox? = nil, logger: Logger) {
        self.clock = clock
        self.inbox = inbox ?? LoopInbox(topics: topics)
        self.logger = logger
    }

    /// The current instant on the controller's time line.
    public var now: Instant { clock.now }

    /// Hands an input to the loop. Safe from any thread; never blocks.
    public func send(_ input: LoopInput) {
        inbox.send(input)
    }

    /// The callback to give ``PumpController/start(at:onEdge:)``.
    public var edgeSink: @Sendable (InputRole, Bool) -> Void {
        { [inbox] role, active in inbox.send(.event(.inputChanged(role, active: active))) }
    }

    /// Inputs dropped from a full queue and triggers coalesced, since the loop was made.
    public var counters: InboxCounters { inbox.counters }

    /// Runs on the calling thread until the controller is ready to exit after a shutdown request.
    ///
    /// Each turn handles, at the clock's current instant, a due deadline first, else the next
    /// queued input. With nothing to do it reports drops, calls `housekeeping`, and waits.
    /// - Parameter housekeeping: called with the current instant whenever the loop is idle and
    ///   at the instant it last returned (if any), even while inputs keep arriving.
    public func run(_ controller: PumpController, housekeeping: (Instant) -> Instant? = { _ in nil }) {
        var housekeepingDue: Instant?
        var reportedDrops = 0
        var lastDropReport: Instant?
        while true {
            let now = clock.now
            if let due = controller.nextDeadline, due <= now {
                controller.handle(.tick, at: now)
            } else if let entry = inbox.next() {
                handle(entry, controller, at: now)
            } else {
                let dropped = counters.dropped
                if dropped > reportedDrops, lastDropReport.map({ now - $0 >= Self.dropReportInterval }) ?? true {
                    logger.warning("inbound queue full: inputs dropped", metadata: [
                        "inbox.dropped": "\(dropped - reportedDrops)", "inbox.dropped_total": "\(dropped)",
                    ])
                    // Published too, so dashboards see that inputs were lost.
                    controller.handle(.messageRefused(.inboundDropped(count: dropped - reportedDrops)), at: now)
                    reportedDrops = dropped
                    lastDropReport = now
                }
                housekeepingDue = housekeeping(now)
                let wake = [controller.nextDeadline, housekeepingDue].compactMap { $0 }.min()
                clock.wait(for: inbox, until: wake)
                continue
            }
            if controller.readyToExit { return }
            if let due = housekeepingDue, due <= now { housekeepingDue = housekeeping(now) }
        }
    }

    /// ``run(_:housekeeping:)`` on a thread of its own, named `firepump-loop`; returns when it ends.
    public func runOnOwnThread(_ controller: sending PumpController, housekeeping: sending @escaping (Instant) -> Instant?) async {
        await runOnNewThread(named: "firepump-loop") { [self] in
            run(controller, housekeeping: housekeeping)
        }
    }

    private func handle(_ entry: LoopEntry, _ controller: PumpController, at now: Instant) {
        switch entry {
        case .event(let event): controller.handle(event, at: now)
        case .unknownTopic(let topic): logger.debug("message on a topic firepump does not use", metadata: ["mqtt.topic": "\(topic)"])
        case .connected: controller.connected(at: now)
        case .disconnected(let reason): controller.disconnected(reason: reason)
        }
    }
}
