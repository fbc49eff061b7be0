/// Delays between connection attempts: doubling from `minimum`, capped at `maximum`.
struct ReconnectBackoff: Sendable, Equatable {
    /// Delay after the first failure.
    let minimum: Duration
    /// The longest delay.
    let maximum: Duration

    /// The delay before the next attempt after `failures` consecutive failures (0 = first).
    func delay(afterFailures failures: Int) -> Duration {
        var delay = minimum
        for _ in 0..<max(0, failures) {
            guard delay < maximum else { break }
            delay = delay * 2
        }
        return min(delay, maximum)
    }
}
