import Glibc

/// Runs `body` on a new thread named `name` and returns once `body` has returned. The controller
/// loop blocks its thread between inputs; it must not hold one of the few threads of Swift's
/// cooperative pool.
func runOnNewThread(named name: String, _ body: sending @escaping () -> Void) async {
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
        let job = ThreadJob {
            nameThisThread(name)
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

/// Names the calling thread (15 bytes at most) for `top -H`, `/proc/PID/task/*/comm` and
/// debuggers; a new thread otherwise carries the name of the thread that made it.
private func nameThisThread(_ name: String) {
    let fd = open("/proc/thread-self/comm", O_WRONLY | O_CLOEXEC)
    guard fd >= 0 else { return }
    defer { close(fd) }
    let bytes = Array(name.utf8.prefix(15))
    _ = write(fd, bytes, bytes.count)
}
