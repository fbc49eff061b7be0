import Dispatch
import FirepumpGPIOD
import FirepumpHAL
import FirepumpTestSupport
import Synchronization

/// The edge reader thread of `GPIODPinDriver`: many lines in one `poll()`, release from inside
/// a callback, re-requests, active-low edges both ways, shutdown.
enum ReaderChecks {
    static func cases(_ options: CheckOptions) -> [CheckCase] {
        let probe = GPIOSimProbe(directory: options.simDirectory)
        let open = { @Sendable () throws -> GPIODPinDriver in try GPIODPinDriver(chip: options.chip, consumerPrefix: "reader:") }
        return [
            CheckCase("reader: sixteen watched lines each report their own edges, in order per line") {
                // Line N changes 1 + N % 3 times, in rounds that move every line still due a change.
                // The order across lines is not promised (each line's events queue on its own
                // descriptor, read in whatever order poll() reports them); what must hold is that
                // each line reports its own edges, in order, none lost, none on another line.
                // Each round waits for its edges: the v1 uAPI reads the level when its interrupt
                // thread runs, and gpio-sim folds faster changes of a line into one interrupt.
                let driver = try open()
                let recorder = EdgeRecorder()
                let lines = Array(16..<32)
                let changes = { (line: Int) in 1 + line % 3 }
                for line in lines {
                    try probe.driveInput(line: line, to: .low)
                    try driver.requestInput(
                        InputRequest(line: line, activeLow: false, pull: .down, edges: .both, consumer: "many"),
                        onEdge: recorder.callback)
                }
                var expected = 0
                for round in 0..<3 {
                    let moving = lines.filter { changes($0) > round }
                    for line in moving.reversed() {
                        try probe.driveInput(line: line, to: round.isMultiple(of: 2) ? .high : .low)
                    }
                    expected += moving.count
                    let arrived = recorder.wait(forCount: expected).count
                    try require(arrived >= expected, "round \(round + 1): \(arrived) of \(expected) edges arrived: \(recorder.received)")
                }
                _ = recorder.wait(forCount: expected + 1, timeout: 0.3)
                let events = recorder.received
                try require(events.count == expected, "\(events.count) edges arrived, expected \(expected): \(events)")
                let strangers = events.filter { !lines.contains($0.line) }
                try require(strangers.isEmpty, "edges reported for lines nobody moved: \(strangers)")
                for line in lines {
                    let kinds = events.filter { $0.line == line }.map(\.kind)
                    let wanted = Array([EdgeEvent.Kind.rising, .falling, .rising].prefix(changes(line)))
                    try require(kinds == wanted, "line \(line) reported \(kinds), expected \(wanted)")
                }
            },
            CheckCase("reader: an active-low input reports falling when it goes inactive") {
                let driver = try open()
                let recorder = EdgeRecorder()
                try probe.driveInput(line: 8, to: .high)
                try driver.requestInput(
                    InputRequest(line: 8, activeLow: true, pull: .up, edges: .both, consumer: "al"), onEdge: recorder.callback)
                try probe.driveInput(line: 8, to: .low)
                _ = recorder.wait(forCount: 1)
                try probe.driveInput(line: 8, to: .high)
                let kinds = recorder.wait(forCount: 2).map(\.kind)
                try require(kinds == [.rising, .falling], "active-low low then high gave \(kinds), expected rising, falling")
            },
            CheckCase("reader: an active-low falling-only input reports going inactive, not active") {
                let driver = try open()
                let recorder = EdgeRecorder()
                try probe.driveInput(line: 9, to: .high)
                try driver.requestInput(
                    InputRequest(line: 9, activeLow: true, pull: .up, edges: .falling, consumer: "al"), onEdge: recorder.callback)
                try probe.driveInput(line: 9, to: .low)   // becomes active: not wanted
                try probe.driveInput(line: 9, to: .high)  // becomes inactive: falling
                let kinds = recorder.wait(forCount: 1).map(\.kind)
                _ = recorder.wait(forCount: 2, timeout: 0.3)
                try require(recorder.received.map(\.kind) == [.falling], "got \(recorder.received.map(\.kind)) (first \(kinds))")
            },
            CheckCase("reader: a callback may release its own line") {
                let driver = try open()
                let count = Counter()
                try probe.driveInput(line: 12, to: .low)
                try driver.requestInput(
                    InputRequest(line: 12, activeLow: false, pull: .down, edges: .both, consumer: "self-release")
                ) { event in
                    count.add()
                    try? driver.release(line: event.line)
                }
                try probe.driveInput(line: 12, to: .high)
                try require(count.wait(for: 1), "no edge arrived")
                try probe.driveInput(line: 12, to: .low)
                try probe.driveInput(line: 12, to: .high)
                _ = count.wait(for: 2, timeout: 0.3)
                try require(count.value == 1, "\(count.value) callbacks after the line released itself")
                try driver.requestOutput(OutputRequest(line: 12, initiallyActive: true, activeLow: false, consumer: "again"))
            },
            CheckCase("reader: a re-requested line reports only to its new callback") {
                let driver = try open()
                let old = EdgeRecorder()
                let new = EdgeRecorder()
                try probe.driveInput(line: 13, to: .low)
                let request = InputRequest(line: 13, activeLow: false, pull: .down, edges: .both, consumer: "again")
                try driver.requestInput(request, onEdge: old.callback)
                try driver.release(line: 13)
                try driver.requestInput(request, onEdge: new.callback)
                try probe.driveInput(line: 13, to: .high)
                try require(new.wait(forCount: 1).map(\.kind) == [.rising], "the new callback got \(new.received)")
                try require(old.received.isEmpty, "the released callback got \(old.received)")
            },
            CheckCase("reader: close releases the lines and stops the reader") {
                let driver = try open()
                let recorder = EdgeRecorder()
                try probe.driveInput(line: 14, to: .low)
                try driver.requestInput(
                    InputRequest(line: 14, activeLow: false, pull: .down, edges: .both, consumer: "close"), onEdge: recorder.callback)
                try driver.requestOutput(OutputRequest(line: 15, initiallyActive: true, activeLow: false, consumer: "close"))
                driver.close()
                driver.close()
                try probe.driveInput(line: 14, to: .high)
                try require(recorder.wait(forCount: 1, timeout: 0.3).isEmpty, "a closed driver reported \(recorder.received)")
                let next = try open()
                try next.requestOutput(OutputRequest(line: 14, initiallyActive: false, activeLow: false, consumer: "after"))
                try next.requestOutput(OutputRequest(line: 15, initiallyActive: false, activeLow: false, consumer: "after"))
            },
            CheckCase("reader: a watched line is free in the kernel when release or releaseAll returns") {
                // While the reader sleeps in poll() on a line's event descriptor the kernel keeps
                // the line requested, even after the descriptor was closed, until poll() returns.
                let driver = try open()
                let recorder = EdgeRecorder()
                for (index, line) in [34, 35].enumerated() {
                    try probe.driveInput(line: line, to: .low)
                    try driver.requestInput(
                        InputRequest(line: line, activeLow: false, pull: .down, edges: .both, consumer: "free"),
                        onEdge: recorder.callback)
                    // A delivered edge: the reader polls this line's descriptor.
                    try probe.driveInput(line: line, to: .high)
                    try require(recorder.wait(forCount: index + 1).count == index + 1, "no edge from line \(line)")
                }
                let next = try open()
                try driver.release(line: 34)
                try next.requestOutput(OutputRequest(line: 34, initiallyActive: false, activeLow: false, consumer: "next"))
                driver.releaseAll()
                try next.requestOutput(OutputRequest(line: 35, initiallyActive: false, activeLow: false, consumer: "next"))
            },
            CheckCase("reader: edge latency from the simulator to the callback") {
                let driver = try open()
                let arrivals = Arrivals()
                try probe.driveInput(line: 33, to: .low)
                try driver.requestInput(
                    InputRequest(line: 33, activeLow: false, pull: .down, edges: .both, consumer: "latency"),
                    onEdge: arrivals.callback)
                var latencies: [Double] = []
                for round in 0..<20 {
                    let start = DispatchTime.now().uptimeNanoseconds
                    try probe.driveInput(line: 33, to: round.isMultiple(of: 2) ? .high : .low)
                    guard let arrived = arrivals.next(timeout: 2) else {
                        throw ContractFailure("edge \(round + 1) did not arrive within 2 s")
                    }
                    latencies.append(Double(arrived &- start) / 1e6)
                }
                latencies.sort()
                let median = latencies[latencies.count / 2]
                Console.line("INFO edge latency (TCG guest): median \(rounded(median)) ms, max \(rounded(latencies.last ?? 0)) ms")
            },
        ]
    }

    private static func rounded(_ value: Double) -> String {
        let hundredths = (value * 100).rounded()
        return "\(hundredths / 100)"
    }
}

/// Counts callbacks and lets a test wait for a count.
private final class Counter: Sendable {
    private let count = Mutex(0)
    private let arrivals = DispatchSemaphore(value: 0)

    var value: Int { count.withLock { $0 } }

    func add() {
        count.withLock { $0 += 1 }
        arrivals.signal()
    }

    func wait(for target: Int, timeout: Double = 2) -> Bool {
        let deadline = DispatchTime.now() + timeout
        while value < target {
            if arrivals.wait(timeout: deadline) == .timedOut { return value >= target }
        }
        return true
    }
}

/// The uptime (ns) at which each edge reached its callback, one at a time.
private final class Arrivals: Sendable {
    private let times = Mutex<[UInt64]>([])
    private let arrivals = DispatchSemaphore(value: 0)

    var callback: @Sendable (EdgeEvent) -> Void {
        { [self] _ in
            let now = DispatchTime.now().uptimeNanoseconds
            times.withLock { $0.append(now) }
            arrivals.signal()
        }
    }

    func next(timeout: Double) -> UInt64? {
        guard arrivals.wait(timeout: .now() + timeout) == .success else { return nil }
        return times.withLock { $0.removeFirst() }
    }
}
