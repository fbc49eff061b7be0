import FirepumpCore
import FirepumpRuntime
import Synchronization
import Testing

/// A virtual ``LoopClock``: each wait jumps time to the loop's deadline or to the next scripted
/// input, whichever is first, and delivers every input scripted up to then, all at once (a burst).
///
/// Inputs scripted as hand-overs are given, inside the wait, to the closure set with
/// ``handOver(to:)``: the loop's thread then waits, as when the MQTT network thread queues a
/// message and handles it itself.
final class ScriptedClock: LoopClock {
    private struct State {
        var now = Instant.zero
        var script: [(at: Instant, input: LoopInput, handedOver: Bool)]
        var waits: [Instant?] = []
        var handOver: (@Sendable (LoopInput) -> Void)?
    }

    private let state: Mutex<State>

    /// A clock at t = 0 that will deliver `script` (instants in seconds, in order) and hand over
    /// `handOvers` (likewise).
    init(_ script: [(Double, LoopInput)] = [], handOvers: [(Double, LoopInput)] = []) {
        let entries = script.map { (Instant(seconds: $0.0), $0.1, false) } + handOvers.map { (Instant(seconds: $0.0), $0.1, true) }
        state = Mutex(State(script: entries.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element)))
    }

    /// Where hand-overs go.
    func handOver(to receiver: @escaping @Sendable (LoopInput) -> Void) {
        state.withLock { $0.handOver = receiver }
    }

    var now: Instant { state.withLock { $0.now } }

    /// The deadline of every wait the loop began, in order (`nil`: no deadline).
    var waits: [Instant?] { state.withLock { $0.waits } }

    func wait(for inbox: LoopInbox, until deadline: Instant?) {
        let due: [(input: LoopInput, handedOver: Bool)]? = state.withLock { state in
            state.waits.append(deadline)
            guard inbox.isEmpty else { return [] }
            guard let target = [deadline, state.script.first?.at].compactMap({ $0 }).min() else { return nil }
            state.now = max(state.now, target)
            let count = state.script.prefix { $0.at <= state.now }.count
            defer { state.script.removeFirst(count) }
            return state.script.prefix(count).map { ($0.input, $0.handedOver) }
        }
        guard let due else {
            Issue.record("the loop would wait forever")
            inbox.send(.event(.shutdown(keepRunning: false)))
            return
        }
        let handOver = state.withLock { $0.handOver }
        for (input, handedOver) in due {
            if handedOver, let handOver { handOver(input) } else { inbox.send(input) }
        }
    }
}
