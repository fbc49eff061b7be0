import Dispatch
import Glibc
import Synchronization

/// One named check that prints exactly one `PASS name` or `FAIL name: reason` line.
struct CheckCase: Sendable {
    let name: String
    let body: @Sendable () throws -> Void

    init(_ name: String, _ body: @escaping @Sendable () throws -> Void) {
        self.name = name
        self.body = body
    }
}

/// Runs checks one after another, each with a time limit, and remembers whether all passed.
struct CheckRunner {
    /// A case still running after this many seconds has hung (a deadlock, a lost wake-up).
    let timeLimit: Double
    private(set) var failures = 0
    private(set) var passes = 0

    init(timeLimit: Double = 30) {
        self.timeLimit = timeLimit
    }

    mutating func run(_ cases: [CheckCase]) {
        for check in cases { run(check) }
    }

    mutating func run(_ check: CheckCase) {
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            do {
                try check.body()
            } catch {
                outcome.set("\(error)")
            }
            done.signal()
        }
        if done.wait(timeout: .now() + timeLimit) == .timedOut {
            // The hung thread cannot be stopped; report and end the run now.
            Console.line("FAIL \(check.name): still running after \(Int(timeLimit)) s (hung)")
            Console.line("RESULT: FAIL")
            exit(1)
        }
        if let reason = outcome.failure {
            failures += 1
            Console.line("FAIL \(check.name): \(reason)")
        } else {
            passes += 1
            Console.line("PASS \(check.name)")
        }
    }

    /// The failure of a case, written by the thread that ran it.
    private final class Outcome: Sendable {
        private let reason = Mutex<String?>(nil)
        var failure: String? { reason.withLock { $0 } }
        func set(_ failure: String) { reason.withLock { $0 = failure } }
    }
}

/// Lines on standard output, written unbuffered so the serial console shows them even if the
/// check dies right after.
enum Console {
    static func line(_ text: String) {
        var bytes = Array((text + "\n").utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            bytes = bytes.dropFirst(written)
        }
    }
}
