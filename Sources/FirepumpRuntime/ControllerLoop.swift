import FirepumpCore
import Logging
import Synchronization

/// The daemon's active object: the ``PumpController`` takes inputs one at a time from one
/// ``LoopInbox`` (urgent ones first), so a transition always runs to completion. The loop's own
/// thread runs ``run(_:housekeeping:)``: between inputs it waits, on its ``LoopClock``, for the
/// next input or the controller's next deadline, whichever comes first: no timer task, nothing
/// wakes except what the state machine armed and what `housekeeping` asked for (the systemd
/// watchdog, the MQTT set-up retry).
///
/// One thread at a time holds the controller. It is usually the loop's own thread; but a thread
/// that queued inputs with ``queue(_:)`` may handle them itself with ``handleQueued()`` while the
/// loop's thread waits. The MQTT network thread does so after each pass: a trigger is handled,
/// and its first event written to the socket, with no thread hand-off at all. The loop's thread
/// is woken only when such a turn armed a deadline earlier than the one it waits for.
public final class ControllerLoop: Sendable {
    /// The inbound queue; ``send(_:)``, ``queue(_:)`` and ``edgeSink`` feed it.
    public let inbox: LoopInbox
    private let clock: any LoopClock
    private let logger: Logger
    /// The controller while ``run(_:housekeeping:)`` runs, and the turns' bookkeeping: whoever
    /// holds this lock holds the controller.
    private let turns = Mutex(Turns())
    /// At most one warning about dropped inputs per this many seconds.
    private static let dropReportInterval = 10.0
    /// At most this many inputs are handled by one ``handleQueued()``; the loop's thread takes the rest.
    static let handOffLimit = 64

    /// A loop reading messages on `topics`, on `clock` (the system's monotonic clock by default).
    public init(topics: Topics, clock: any LoopClock = MonotonicLoopClock(), inbox: LoopInbox? = nil, logger: Logger) {
        self.clock = clock
        self.inbox = inbox ?? LoopInbox(topics: topics)
        self.logger = logger
    }

    /// The current instant on the controller's time line.
    public var now: Instant { clock.now }

    /// Hands an input to the loop's thread, waking it. Safe from any thread; never blocks.
    public func send(_ input: LoopInput) {
        inbox.send(input)
    }

    /// Queues an input without waking the loop's thread: the caller must call ``handleQueued()``
    /// after it (soon, and outside any lock the controller's work could need). Safe from any thread.
    public func queue(_ input: LoopInput) {
        inbox.send(input, wake: false)
    }

    /// Handles the queued inputs (and any deadline due) on the calling thread if no other thread
    /// holds the controller; else, or for what is left after ``handOffLimit`` inputs, wakes the
    /// loop's thread to take them. Wakes it also when these turns armed a deadline earlier than
    /// the one it waits for, or made the controller ready to exit.
    /// - Returns: how many turns the calling thread ran (0: the loop's thread takes the inputs).
    @discardableResult
    public func handleQueued() -> Int {
        if inbox.isEmpty { return 0 }
        let outcome = turns.withLockIfAvailable { turns -> (turns: Int, wake: Bool) in
            // Before `run` starts it takes them itself; after it ended nobody needs them.
            guard let controller = turns.controller?.controller else { return (0, false) }
            var handled = 0
            while handled < Self.handOffLimit, case .handled = turn(&turns, controller, at: clock.now) {
                handled += 1
            }
            // A busy loop thread plans its next wait after this, under the lock.
            guard case .waiting(let until) = turns.loopThread else { return (handled, false) }
            let earlier = controller.nextDeadline.map { next in until.map { next < $0 } ?? true } ?? false
            return (handled, earlier || controller.readyToExit || !inbox.isEmpty)
        }
        guard let outcome else {
            inbox.wakeConsumer()
            return 0
        }
        if outcome.wake { inbox.wakeConsumer() }
        return outcome.turns
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
        turns.withLock { $0.controller = ControllerReference(controller: controller) }
        defer { turns.withLock { $0 = Turns() } }
        var housekeepingDue: Instant?
        while true {
            let now = clock.now
            switch turns.withLock({ turn(&$0, controller, at: now) }) {
            case .exit:
                return
            case .handled:
                if let due = housekeepingDue, due <= now { housekeepingDue = housekeeping(now) }
            case .idle:
                housekeepingDue = housekeeping(now)
                // Read again under the lock that ``handleQueued()`` takes: a deadline it arms
                // after this either is seen here or makes it wake this thread.
                let wake = turns.withLock { turns in
                    let wake = [controller.nextDeadline, housekeepingDue].compactMap { $0 }.min()
                    turns.loopThread = .waiting(until: wake)
                    return wake
                }
                clock.wait(for: inbox, until: wake)
                turns.withLock { $0.loopThread = .busy }
            }
        }
    }

    /// ``run(_:housekeeping:)`` on a thread of its own, named `firepump-loop`; returns when it ends.
    public func runOnOwnThread(_ controller: sending PumpController, housekeeping: sending @escaping (Instant) -> Instant?) async {
        await runOnNewThread(named: "firepump-loop") { [self] in
            run(controller, housekeeping: housekeeping)
        }
    }

    /// One turn, by whichever thread holds `turns`: exit if the controller is done; else a due
    /// deadline; else the next queued input; else report drops and say the loop is idle.
    private func turn(_ turns: inout Turns, _ controller: PumpController, at now: Instant) -> Turn {
        if controller.readyToExit { return .exit }
        if let due = controller.nextDeadline, due <= now {
            controller.handle(.tick, at: now)
            return .handled
        }
        if let entry = inbox.next() {
            handle(entry, controller, at: now)
            return .handled
        }
        let dropped = counters.dropped
        if dropped > turns.reportedDrops, turns.lastDropReport.map({ now - $0 >= Self.dropReportInterval }) ?? true {
            logger.warning("inbound queue full: inputs dropped", metadata: [
                "inbox.dropped": "\(dropped - turns.reportedDrops)", "inbox.dropped_total": "\(dropped)",
            ])
            // Published too, so dashboards see that inputs were lost.
            controller.handle(.messageRefused(.inboundDropped(count: dropped - turns.reportedDrops)), at: now)
            turns.reportedDrops = dropped
            turns.lastDropReport = now
        }
        return .idle
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

/// What one turn did.
private enum Turn {
    case handled, idle, exit
}

/// The controller and what the turns keep between them, behind ``ControllerLoop``'s lock.
private struct Turns {
    /// Set while ``ControllerLoop/run(_:housekeeping:)`` runs.
    var controller: ControllerReference?
    /// What the loop's thread is doing.
    var loopThread = LoopThreadActivity.busy
    var reportedDrops = 0
    var lastDropReport: Instant?
}

/// Whether the loop's thread runs turns or waits, and until when.
private enum LoopThreadActivity {
    case busy
    /// Waits for an input or until the instant (`nil`: for an input only).
    case waiting(until: Instant?)
}

/// The controller, behind the loop's lock.
// SAFETY: the controller is used only by the thread holding `ControllerLoop.turns` (the
// reference is read inside `withLock`/`withLockIfAvailable` and not kept after), so one thread
// at a time uses it, and the lock orders its changes between threads.
private struct ControllerReference: @unchecked Sendable {
    let controller: PumpController
}
