import Synchronization

/// Fails the benchmark, naming the step, when one of its steps takes longer than `limit`: a
/// trigger or a command the daemon never acts on would otherwise leave it waiting forever.
///
/// Steps are recorded without formatting anything, so marking one on the timed path costs a lock
/// and a clock read.
final class StallWatchdog: Sendable {
    /// What the benchmark is waiting for.
    enum Step: Sendable {
        case daemonIdle, valveOpens, valveCloses, lockout, idle, daemonStops

        var waitingFor: String {
            switch self {
            case .daemonIdle: "the daemon to connect and report IDLE"
            case .valveOpens: "the main valve to open after the trigger"
            case .valveCloses: "the main valve to close after emergency_stop"
            case .lockout: "LOCKOUT on the state topic after emergency_stop"
            case .idle: "IDLE on the state topic after reset"
            case .daemonStops: "the daemon to stop after a graceful shutdown"
            }
        }
    }

    private struct Current {
        var step: Step
        var sample: Int
        var since: ContinuousClock.Instant
    }

    private let limit: Duration
    private let current: Mutex<Current>

    /// A watchdog that allows each step `limit`; the first step is waiting for the daemon.
    init(limit: Duration) {
        self.limit = limit
        current = Mutex(Current(step: .daemonIdle, sample: 0, since: .now))
    }

    /// Marks the start of `step` of trigger number `sample` (0 outside the samples).
    func begin(_ step: Step, sample: Int = 0) {
        let now = ContinuousClock.now
        current.withLock { $0 = Current(step: step, sample: sample, since: now) }
    }

    /// Checks every second until cancelled (then returns).
    /// - Throws: ``BenchFailure`` naming a step that has taken longer than the limit.
    func watch() async throws(BenchFailure) {
        while (try? await Task.sleep(for: .seconds(1))) != nil {
            let now = ContinuousClock.now
            let stalled = current.withLock { now - $0.since > limit ? $0 : nil }
            if let stalled {
                let which = stalled.sample > 0 ? "trigger \(stalled.sample): " : ""
                throw BenchFailure("\(which)waited over \(limit) for \(stalled.step.waitingFor)")
            }
        }
    }
}
