/// The benchmark's figures, printed against the targets of issue 11.
struct Figures {
    var latency: LatencySummary
    var cpuPerCycle: Duration
    var contextSwitchesPerCycle: Double
    var idleRSSKilobytes: Int
    var idleAnonymousKilobytes: Int
    /// The same two broker hops with a bare echo client in firepump's place (``BrokerFloor``).
    var floor: LatencySummary?

    /// One line per figure: value, target, PASS or MISS (or `info` for a figure without a target).
    var report: String {
        var lines = [
            line("trigger -> first event, median", milliseconds(latency.median), target: "<= 0.35 ms", latency.median <= .microseconds(350)),
            line("trigger -> first event, p99", milliseconds(latency.p99), target: "<= 0.5 ms", latency.p99 <= .microseconds(500)),
            line("trigger -> first event, max", milliseconds(latency.max), target: nil, nil),
            line("trigger -> first event, min", milliseconds(latency.min), target: nil, nil),
        ]
        if let floor {
            lines.append(line("bare echo client, median", milliseconds(floor.median), target: nil, nil))
            lines.append(line("bare echo client, p99", milliseconds(floor.p99), target: nil, nil))
        }
        lines += [
            line("CPU per cycle (utime+stime)", milliseconds(cpuPerCycle), target: "<= 1.5 ms", cpuPerCycle <= .microseconds(1500)),
            line("context switches per cycle", fixed(contextSwitchesPerCycle, decimals: 1), target: nil, nil),
            line("RSS idle (VmRSS)", mebibytes(idleRSSKilobytes), target: "<= 12 MiB", idleRSSKilobytes <= 12 * 1024),
            line("RssAnon idle", mebibytes(idleAnonymousKilobytes), target: nil, nil),
        ]
        var footnote = "(\(latency.count) cycles: trigger, stop, reset"
        if let floor { footnote += "; bare echo client: \(floor.count) messages over the same two broker hops, no controller" }
        return (lines + [footnote + ")"]).joined(separator: "\n")
    }

    private func line(_ name: String, _ value: String, target: String?, _ passed: Bool?) -> String {
        let verdict = passed.map { $0 ? "PASS" : "MISS" } ?? "info"
        return pad(name, 32) + pad(value, 14) + pad(target.map { "target \($0)" } ?? "", 22) + verdict
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(1, width - text.count))
    }

    private func milliseconds(_ duration: Duration) -> String {
        fixed(Double(duration / .microseconds(1)) / 1000, decimals: 3) + " ms"
    }

    private func mebibytes(_ kilobytes: Int) -> String {
        fixed(Double(kilobytes) / 1024, decimals: 1) + " MiB"
    }
}

/// `value` rounded to `decimals` places, without Foundation's formatting.
func fixed(_ value: Double, decimals: Int) -> String {
    var scale = 1
    for _ in 0..<decimals { scale *= 10 }
    let scaled = Int((value * Double(scale)).rounded())
    let fraction = String(abs(scaled) % scale)
    let whole = "\(scaled < 0 ? "-" : "")\(abs(scaled) / scale)"
    return decimals == 0 ? whole : whole + "." + String(repeating: "0", count: decimals - fraction.count) + fraction
}
