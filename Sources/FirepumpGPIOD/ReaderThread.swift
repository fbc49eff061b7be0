internal import Glibc
import FirepumpHAL

/// A POSIX thread that runs one closure with every signal blocked (signals belong to the
/// daemon's main thread), and can be joined.
struct ReaderThread: Sendable {
    private let id: pthread_t

    /// Starts `body` on a new thread.
    init(chip: String, _ body: @escaping @Sendable () -> Void) throws(PinDriverError) {
        var id = pthread_t()
        let context = unsafe Unmanaged.passRetained(ThreadBody(body)).toOpaque()
        let result = unsafe pthread_create(&id, nil, { raw in
            guard let raw = unsafe raw else { return nil }
            let body = unsafe Unmanaged<ThreadBody>.fromOpaque(raw).takeRetainedValue()
            var all = sigset_t()
            unsafe sigfillset(&all)
            unsafe pthread_sigmask(SIG_BLOCK, &all, nil)
            body.run()
            return nil
        }, context)
        guard result == 0 else {
            unsafe Unmanaged<ThreadBody>.fromOpaque(context).release()
            throw .failedCall(.systemError, "pthread_create", chip: chip, line: nil, errno: result)
        }
        self.id = id
    }

    /// Whether the caller is running on this thread.
    var isCurrent: Bool {
        pthread_equal(pthread_self(), id) != 0
    }

    /// Waits for the thread to finish; from the thread itself, detaches it instead (it is
    /// about to finish on its own).
    func join() {
        if isCurrent {
            _ = pthread_detach(id)
        } else {
            _ = pthread_join(id, nil)
        }
    }
}

/// The closure a ``ReaderThread`` runs, boxed to cross `pthread_create`'s `void *`.
private final class ThreadBody: Sendable {
    let run: @Sendable () -> Void
    init(_ run: @escaping @Sendable () -> Void) { self.run = run }
}
