import Glibc
import Synchronization

/// Log lines written together: while a thread runs ``together(_:)``, the lines it logs through
/// ``FirepumpLogHandler/standardError`` are gathered and written in one `write(2)` when the
/// closure returns. A controller step's lines so cost one system call (under systemd, one
/// wake-up of journald) instead of one each. Other threads' lines are written at once, as
/// always, and so are this thread's when another thread is gathering.
public enum LogBatch {
    private struct Gathering {
        let thread: pthread_t
        var bytes: [UInt8] = []
    }

    private static let current = Mutex<Gathering?>(nil)

    /// Runs `body`, gathering the lines the calling thread logs in it; writes them when it returns.
    /// Keep `body` to logging: a line is written only once it ends.
    public static func together(_ body: () -> Void) {
        together(body, write: FirepumpLogHandler.writeToStandardError)
    }

    /// ``together(_:)`` with the gathered bytes going to `write` (when there are any).
    static func together(_ body: () -> Void, write: ([UInt8]) -> Void) {
        let gathering = current.withLock { current in
            guard current == nil else { return false }
            current = Gathering(thread: pthread_self())
            return true
        }
        body()
        guard gathering else { return }
        let bytes = current.withLock { current in
            defer { current = nil }
            return current?.bytes ?? []
        }
        if !bytes.isEmpty { write(bytes) }
    }

    /// Takes `line` into the calling thread's gathering; `false` when it is not gathering.
    static func take(_ line: String) -> Bool {
        current.withLock { current in
            guard current.map({ pthread_equal($0.thread, pthread_self()) != 0 }) == true else { return false }
            current?.bytes.append(contentsOf: line.utf8)
            return true
        }
    }
}
