import Dispatch
@testable import FirepumpLogging
import Synchronization
import Testing

/// `LogBatch` is process-wide: these tests run one at a time.
@Suite("Log lines written together", .serialized)
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
            let done = DispatchSemaphore(value: 0)
            DispatchQueue.global().async {
                taken.withLock { $0 = LogBatch.take("other\n") }
                done.signal()
            }
            done.wait()
        }, write: { writes.append($0) })
        #expect(taken.withLock { $0 } == false)
        #expect(writes.isEmpty)
        #expect(!LogBatch.take("after\n"), "gathering ended with the batch")
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
