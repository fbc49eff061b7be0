import Glibc

/// Why the benchmark could not produce its figures.
struct BenchFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }

    /// `what` failed with the current `errno`.
    static func system(_ what: String) -> BenchFailure {
        BenchFailure("\(what): \(String(cString: strerror(errno)))")
    }
}

/// One line on standard error.
func printError(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
}
