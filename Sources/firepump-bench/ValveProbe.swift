import FirepumpHAL

/// The main valve as the mock pin driver drives it: every change, stamped on the benchmark's
/// clock inside the driver's callback, that is, right after the controller set the line.
final class ValveProbe: Sendable {
    /// One change of the main valve.
    struct Change: Sendable {
        /// Whether the valve is open (the line logically active) after the change.
        var open: Bool
        /// When the driver reported it.
        var at: ContinuousClock.Instant
    }

    /// The changes, in order, for a single ``ValveWatcher``.
    let changes: AsyncStream<Change>
    private let continuation: AsyncStream<Change>.Continuation
    private let line: Int
    private let activeLow: Bool

    /// A probe for the main valve on `line` with the given polarity.
    init(line: Int, activeLow: Bool) {
        (changes, continuation) = AsyncStream.makeStream(of: Change.self)
        self.line = line
        self.activeLow = activeLow
    }

    /// For `MockPinDriver(onOutputChange:)`: the driver calls it after an output's level changed.
    var onOutputChange: @Sendable (Int, ElectricalLevel) -> Void {
        { [continuation, line, activeLow] changed, level in
            let at = ContinuousClock.now
            guard changed == line else { return }
            continuation.yield(Change(open: level.isActive(activeLow: activeLow), at: at))
        }
    }
}

/// Reads a ``ValveProbe``'s changes in order, checking each goes the expected way.
struct ValveWatcher {
    private var changes: AsyncStream<ValveProbe.Change>.Iterator

    init(_ probe: ValveProbe) {
        changes = probe.changes.makeAsyncIterator()
    }

    /// Waits for the valve's next change and returns when it happened.
    /// - Throws: ``BenchFailure`` when the valve went the other way, or when waiting was cancelled.
    mutating func next(open: Bool) async throws(BenchFailure) -> ContinuousClock.Instant {
        guard let change = await changes.next() else {
            throw BenchFailure("stopped waiting for the main valve to \(open ? "open" : "close")")
        }
        guard change.open == open else {
            throw BenchFailure("the main valve \(change.open ? "opened" : "closed") where it should have \(open ? "opened" : "closed")")
        }
        return change.at
    }
}
