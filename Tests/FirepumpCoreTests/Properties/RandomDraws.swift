/// The draws the scenario generators share.

/// One of `options`, uniformly.
func pick<T>(_ options: [T], using rng: inout some RandomNumberGenerator) -> T {
    options[Int.random(in: 0..<options.count, using: &rng)]
}

/// A number of seconds in `range`, with one decimal.
func seconds(_ range: ClosedRange<Double>, using rng: inout some RandomNumberGenerator) -> Double {
    (Double.random(in: range, using: &rng) * 10).rounded() / 10
}
