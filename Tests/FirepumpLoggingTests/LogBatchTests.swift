import Dispatch
@testable import FirepumpLogging
import Synchronization
import Testing

/// Other tests' controllers gather their own lines at the same time: each test here must hold
/// whatever other threads do.
@Suite("Log lines written together")
struct LogBatchTests {
    @Test("the lines a thread logs inside together(_:) leave in one write, in order")
    func oneWrite() {
        var writes: [[UInt8]] = []
        LogBatch.together({
            FirepumpLogHandler.standardError("first\n")
            FirepumpLogHandler.standardError("second\n")
        }, write: { writes.append($0) })
        #expect(writes == [Array("first\nsecond\n".utf8)])
    }

    @Test("another thread's lines are not gathered; nothing is written for an empty batch")
    func otherThreads() {
        let taken = Mutex<Bool?>(nil)
        var writes: [[UInt8]] = []
        LogBatch.together({
            onAnotherThread { taken.withLock { $0 = LogBatch.take("other\n") } }
        }, write: { writes.append($0) })
        #expect(taken.withLock { $0 } == false)
        #expect(writes.isEmpty)
        #expect(!LogBatch.take("after\n"), "gathering ended with the batch")
    }

    @Test("two threads gather at once, each its own lines (a second thread's batch is not written line by line)")
    func twoThreads() {
        let otherWrites = Mutex<[[UInt8]]>([])
        var writes: [[UInt8]] = []
        LogBatch.together({
            FirepumpLogHandler.standardError("mine\n")
            onAnotherThread {
                LogBatch.together({ FirepumpLogHandler.standardError("theirs\n") }, write: { bytes in
                    otherWrites.withLock { $0.append(bytes) }
                })
            }
        }, write: { writes.append($0) })
        #expect(otherWrites.withLock { $0 } == [Array("theirs\n".utf8)])
        #expect(writes == [Array("mine\n".utf8)])
    }

    @Test("a batch inside a batch does not take the outer batch's lines away")
    func nested() {
        var outer: [[UInt8]] = []
        var inner: [[UInt8]] = []
        LogBatch.together({
            LogBatch.together({ FirepumpLogHandler.standardError("inner\n") }, write: { inner.append($0) })
            FirepumpLogHandler.standardError("outer\n")
        }, write: { outer.append($0) })
        #expect(inner.isEmpty)
        #expect(outer == [Array("inner\nouter\n".utf8)])
    }
}

/// Runs `body` on a thread of the global queue and waits until it has returned.
private func onAnotherThread(_ body: @escaping @Sendable () -> Void) {
    let done = DispatchSemaphore(value: 0)
    DispatchQueue.global().async {
        body()
        done.signal()
    }
    done.wait()
}
