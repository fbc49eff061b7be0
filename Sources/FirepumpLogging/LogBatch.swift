import Glibc
import Synchronization

/// Log lines written together: while a thread runs ``together(_:)``, the lines it logs through
/// ``FirepumpLogHandler/standardError`` are gathered and written in one `write(2)` when the
/// closure returns. A controller step's lines so cost one system call (under systemd, one
/// wake-up of journald) instead of one each. Each thread gathers its own lines: a thread that is
/// not inside ``together(_:)`` writes its lines at once, as always, whatever other threads do.
public enum LogBatch {
    /// The bytes gathered so far by each thread inside ``together(_:)``.
    private static let gatherings = Mutex<[pthread_t: [UInt8]]>([:])

    /// Runs `body`, gathering the lines the calling thread logs in it; writes them when it returns.
    /// Keep `body` to logging: a line is written only once it ends. Inside another batch of the
    /// same thread, the lines stay in the outer batch.
    public static func together(_ body: () -> Void) {
        together(body) { bytes in bytes.withUnsafeBufferPointer(FirepumpLogHandler.writeToStandardError) }
    }

    /// ``together(_:)`` with the gathered bytes going to `write` (when there are any).
    static func together(_ body: () -> Void, write: ([UInt8]) -> Void) {
        let thread = pthread_self()
        let outermost = gatherings.withLock { gatherings in
            guard gatherings[thread] == nil else { return false }
            gatherings[thread] = []
            return true
        }
        body()
        guard outermost else { return }
        let bytes = gatherings.withLock { $0.removeValue(forKey: thread) ?? [] }
        if !bytes.isEmpty { write(bytes) }
    }

    /// Takes `line` into the calling thread's gathering; `false` when it is not gathering.
    static func take(_ line: String) -> Bool {
        let thread = pthread_self()
        return gatherings.withLock { gatherings in
            gatherings[thread]?.append(contentsOf: line.utf8) != nil
        }
    }
}
