/// Order statistics of the timed triggers.
struct LatencySummary: Sendable {
    let count: Int
    let median: Duration
    let p99: Duration
    let min: Duration
    let max: Duration

    /// The statistics of `samples`, which must not be empty. Percentiles are nearest-rank: the
    /// p-th percentile is the smallest sample that at least p % of the samples do not exceed
    /// (with 1,000 samples the p99 is the 990th smallest), never an interpolation.
    init(_ samples: [Duration]) {
        precondition(!samples.isEmpty, "no samples")
        let sorted = samples.sorted()
        count = sorted.count
        median = Self.percentile(50, of: sorted)
        p99 = Self.percentile(99, of: sorted)
        min = sorted.first!
        max = sorted.last!
    }

    /// `latency_ms median=… p99=… min=… max=… n=…`, in milliseconds to the microsecond.
    var line: String {
        "latency_ms median=\(Self.milliseconds(median)) p99=\(Self.milliseconds(p99)) "
            + "min=\(Self.milliseconds(min)) max=\(Self.milliseconds(max)) n=\(count)"
    }

    private static func percentile(_ percent: Int, of sorted: [Duration]) -> Duration {
        let rank = (percent * sorted.count + 99) / 100
        return sorted[Swift.max(rank, 1) - 1]
    }

    /// e.g. `0.412` for 412 µs.
    private static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let microseconds = seconds * 1_000_000 + attoseconds / 1_000_000_000_000
        let fraction = String(microseconds % 1000)
        return "\(microseconds / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}
