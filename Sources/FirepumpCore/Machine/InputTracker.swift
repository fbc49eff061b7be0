/// The debounced view of one input: a raw change must hold for the debounce time before the
/// machine acts on it. Debounce is a deadline like any other, so it costs no timer or thread.
public struct InputTracker: Sendable, Hashable {
    /// The level the machine acts on.
    public private(set) var stable: Bool
    /// The level last reported by the driver.
    public private(set) var raw: Bool
    /// When `raw` last changed.
    public private(set) var rawSince: Instant
    /// When `raw` becomes `stable` unless it changes again first.
    public private(set) var settleAt: Instant?

    init(active: Bool, at now: Instant) {
        stable = active
        raw = active
        rawSince = now
    }

    /// Records a raw change. Returns true when the change is stable at once (no debounce).
    mutating func change(to active: Bool, at now: Instant, debounce: Double) -> Bool {
        guard active != raw else { return false }
        raw = active
        rawSince = now
        if raw == stable {
            settleAt = nil
            return false
        }
        if debounce <= 0 {
            stable = raw
            settleAt = nil
            return true
        }
        settleAt = now + debounce
        return false
    }

    /// Makes the raw level stable (its settle deadline was reached).
    mutating func settle() {
        stable = raw
        settleAt = nil
    }
}
