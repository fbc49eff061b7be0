import Glibc

/// Runs `body` on a new thread and returns once `body` has returned. The controller loop blocks
/// its thread between inputs; it must not hold one of the few threads of Swift's cooperative pool.
func runOnNewThread(_ body: sending @escaping () -> Void) async {
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
        let job = ThreadJob {
            body()
            continuation.resume()
        }
        let retained = Unmanaged.passRetained(job).toOpaque()
        var thread = pthread_t()
        let rc = pthread_create(&thread, nil, threadMain, retained)
        guard rc == 0 else {
            // No thread to be had (resource limits): run here rather than not at all.
            Unmanaged<ThreadJob>.fromOpaque(retained).release()
            job.body()
            return
        }
        pthread_detach(thread)
    }
}

/// What the new thread runs.
// SAFETY: `body` is handed over whole to the one thread that runs it (the caller gave it up
// with `sending`); no other thread touches it.
private final class ThreadJob: @unchecked Sendable {
    let body: () -> Void

    init(body: @escaping () -> Void) {
        self.body = body
    }
}

private func threadMain(_ argument: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    guard let argument else { return nil }
    let job = Unmanaged<ThreadJob>.fromOpaque(argument).takeRetainedValue()
    job.body()
    return nil
}
