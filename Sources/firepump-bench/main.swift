// Replaced by the benchmark (work in progress).
