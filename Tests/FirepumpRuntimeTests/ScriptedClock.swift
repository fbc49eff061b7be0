import FirepumpCore
import FirepumpRuntime
import Synchronization
import Testing

/// A virtual ``LoopClock``: each wait jumps time to the loop's deadline or to the next scripted
/// input, whichever is first, and delivers every input scripted up to then, all at once (a burst).
final class ScriptedClock: LoopClock {
    private struct State {
        var now = Instant.zero
        var script: [(at: Instant, input: LoopInput)]
        var waits: [Instant?] = []
    }

    private let state: Mutex<State>

    /// A clock at t = 0 that will deliver `script` (instants in seconds, in order).
    init(_ script: [(Double, LoopInput)] = []) {
        state = Mutex(State(script: script.map { (Instant(seconds: $0.0), $0.1) }))
    }

    var now: Instant { state.withLock { $0.now } }

    /// The deadline of every wait the loop began, in order (`nil`: no deadline).
    var waits: [Instant?] { state.withLock { $0.waits } }

    func wait(for inbox: LoopInbox, until deadline: Instant?) {
        let due: [LoopInput]? = state.withLock { state in
            state.waits.append(deadline)
            guard inbox.isEmpty else { return [] }
            guard let target = [deadline, state.script.first?.at].compactMap({ $0 }).min() else { return nil }
            state.now = max(state.now, target)
            let count = state.script.prefix { $0.at <= state.now }.count
            defer { state.script.removeFirst(count) }
            return state.script.prefix(count).map(\.input)
        }
        guard let due else {
            Issue.record("the loop would wait forever")
            inbox.send(.event(.shutdown(keepRunning: false)))
            return
        }
        for input in due { inbox.send(input) }
    }
}
