import Dispatch
import FirepumpCore
import Synchronization

/// The controller's one inbound queue, fed directly from any thread (the MQTT network thread,
/// the GPIO edge thread, signal handling) and read by the loop's thread alone.
///
/// Two bounded lanes, each first-in first-out:
/// - **urgent**: operator commands (everything on the emergency topic, refused ones included, so
///   that commands keep their order), shutdown requests and broker link changes. Always taken
///   first, so a stop never waits behind queued triggers or edges (issue 12 item 4).
/// - **ordinary**: triggers, input edges (never reordered among themselves) and refused triggers.
///   A trigger arriving while the newest queued entry is a trigger is coalesced into it: both
///   would be handled at the same instant and the second changes nothing the first did not.
///
/// When a lane is full, an arriving entry takes the place of the oldest queued refusal (a refused
/// or unknown message, which only produces a report); if there is none, or the arriving entry is
/// itself a refusal, the arriving entry is dropped. Every drop is counted (``counters``), and
/// ``ControllerLoop`` logs a warning with the count.
///
/// Sizes: ``urgentCapacity`` 256 and ``ordinaryCapacity`` 1024 entries. An operator never sends
/// 256 commands faster than one handling each (a handling is ~1 ms plus a state save); with
/// triggers coalesced, the ordinary lane only fills with edges from a chattering input or a flood
/// of refused messages, and 1024 entries of either are a few seconds of backlog at most.
public final class LoopInbox: Sendable {
    /// Default size of the urgent lane.
    public static let urgentCapacity = 256
    /// Default size of the ordinary lane.
    public static let ordinaryCapacity = 1024

    private let topics: Topics
    private let state: Mutex<State>
    /// Signalled when an entry arrives while the loop's thread waits.
    private let wakeup = DispatchSemaphore(value: 0)

    /// An empty inbox that reads messages on `topics`.
    public init(topics: Topics, urgentCapacity: Int = LoopInbox.urgentCapacity, ordinaryCapacity: Int = LoopInbox.ordinaryCapacity) {
        self.topics = topics
        state = Mutex(State(urgent: InboxLane(capacity: urgentCapacity), ordinary: InboxLane(capacity: ordinaryCapacity)))
    }

    /// Queues `input` and, if `wake` and the loop's thread waits, wakes it. Safe from any thread;
    /// never blocks beyond a short lock. A message is parsed here, on the sender's thread, so
    /// that its lane is known and triggers can coalesce.
    public func send(_ input: LoopInput, wake: Bool = true) {
        let (entry, lane) = classify(input)
        let waiting = state.withLock { state in
            state.queue(entry, urgent: lane == .urgent)
            guard wake else { return false }
            defer { state.consumerWaits = false }
            return state.consumerWaits
        }
        if waiting { wakeup.signal() }
    }

    /// Wakes the loop's thread, or makes its next wait return at once.
    func wakeConsumer() {
        wakeup.signal()
    }

    /// Whether nothing is queued.
    public var isEmpty: Bool {
        state.withLock { $0.urgent.isEmpty && $0.ordinary.isEmpty }
    }

    /// Entries dropped and triggers coalesced since the inbox was made.
    public var counters: InboxCounters {
        state.withLock { $0.counters }
    }

    /// The next entry: urgent ones first.
    func next() -> LoopEntry? {
        state.withLock { state in state.urgent.popFirst() ?? state.ordinary.popFirst() }
    }

    /// Blocks the calling thread until an entry is queued or `deadline` passes; returns at once
    /// if something is queued already. May return early (a late wake-up from an earlier wait).
    func waitForEntry(until deadline: DispatchTime) {
        let mustWait = state.withLock { state in
            let empty = state.urgent.isEmpty && state.ordinary.isEmpty
            state.consumerWaits = empty
            return empty
        }
        guard mustWait else { return }
        _ = wakeup.wait(timeout: deadline)
        state.withLock { $0.consumerWaits = false }
    }

    private func classify(_ input: LoopInput) -> (LoopEntry, Lane) {
        switch input {
        case .event(let event):
            return (.event(event), Self.lane(of: event))
        case .message(let topic, let payload, let retained):
            guard let event = InboundMessage.event(topic: topic, payload: payload, retained: retained, topics: topics) else {
                return (.unknownTopic(topic), .ordinary)
            }
            let command = topic == topics.emergency || topic == topics.wildfireWatch.emergencyStop
            return (.event(event), command ? .urgent : Self.lane(of: event))
        case .mqttConnected:
            return (.connected, .urgent)
        case .mqttDisconnected(let reason):
            return (.disconnected(reason: reason), .urgent)
        }
    }

    private static func lane(of event: PumpEvent) -> Lane {
        switch event {
        case .command, .shutdown: .urgent
        case .exerciseScheduled: .ordinary
        case .booted, .trigger, .inputChanged, .tick, .messageRefused, .inputLost, .outputWriteFailed, .outputWriteRecovered,
            .stateSaveFailed, .stateSaveRecovered, .historySaveFailed, .historySaveRecovered:
            .ordinary
        }
    }

    private enum Lane {
        case urgent, ordinary
    }

    private struct State {
        var urgent: InboxLane
        var ordinary: InboxLane
        var consumerWaits = false
        var counters = InboxCounters()

        mutating func queue(_ entry: LoopEntry, urgent isUrgent: Bool) {
            if isUrgent {
                Self.queue(entry, in: &urgent, counters: &counters)
            } else if case .event(.trigger) = entry, case .event(.trigger)? = ordinary.last {
                counters.coalescedTriggers += 1
            } else {
                Self.queue(entry, in: &ordinary, counters: &counters)
            }
        }

        private static func queue(_ entry: LoopEntry, in lane: inout InboxLane, counters: inout InboxCounters) {
            if lane.isFull {
                counters.dropped += 1
                guard !entry.isRefusal, lane.removeOldestRefusal() else { return }
            }
            lane.append(entry)
        }
    }
}

/// What ``LoopInbox`` had to leave out.
public struct InboxCounters: Sendable, Equatable {
    /// Entries dropped because their lane was full (arriving ones, or queued refusals they replaced).
    public var dropped = 0
    /// Triggers merged into the trigger queued just before them.
    public var coalescedTriggers = 0

    public init(dropped: Int = 0, coalescedTriggers: Int = 0) {
        self.dropped = dropped
        self.coalescedTriggers = coalescedTriggers
    }
}

/// A queued input, with messages already parsed.
enum LoopEntry: Sendable {
    case event(PumpEvent)
    case unknownTopic(String)
    case connected
    case disconnected(reason: String)

    /// Whether handling it only produces a report (a refused or unknown message).
    var isRefusal: Bool {
        switch self {
        case .event(.messageRefused), .unknownTopic: true
        case .event, .connected, .disconnected: false
        }
    }
}
