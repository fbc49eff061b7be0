/// Order statistics of the timed triggers.
struct LatencySummary: Sendable {
    let count: Int
    let median: Duration
    let p99: Duration
    let min: Duration
    let max: Duration

    /// The statistics of `samples`, which must not be empty. Percentiles are nearest-rank: the
    /// p-th percentile is the smallest sample that at least p % of the samples do not exceed
    /// (with 200 samples the p99 is the 198th smallest), never an interpolation.
    init(_ samples: [Duration]) {
        precondition(!samples.isEmpty, "no samples")
        let sorted = samples.sorted()
        count = sorted.count
        median = Self.percentile(50, of: sorted)
        p99 = Self.percentile(99, of: sorted)
        min = sorted.first!
        max = sorted.last!
    }

    private static func percentile(_ percent: Int, of sorted: [Duration]) -> Duration {
        let rank = (percent * sorted.count + 99) / 100
        return sorted[Swift.max(rank, 1) - 1]
    }
}
