import FirepumpHAL
import Testing

@Suite("MockPinDriver history")
struct MockHistoryTests {
    @Test("with a limit, the history keeps only the latest changes, oldest first")
    func limitKeepsTheLatest() throws {
        let mock = MockPinDriver(historyLimit: 3)
        try mock.requestOutput(OutputRequest(line: 5, initiallyActive: false, activeLow: false, consumer: "test"))
        for step in 0..<10 {
            try mock.set(line: 5, active: step.isMultiple(of: 2))
        }
        // Requested low, then high, low, high, …: ten changes after the request; the last set is low.
        #expect(mock.history.map(\.level) == [.low, .high, .low])
        #expect(mock.history.allSatisfy { $0.line == 5 })
    }

    @Test("without a limit every change is kept")
    func unlimitedKeepsAll() throws {
        let mock = MockPinDriver()
        try mock.requestOutput(OutputRequest(line: 5, initiallyActive: false, activeLow: false, consumer: "test"))
        for step in 0..<10 {
            try mock.set(line: 5, active: step.isMultiple(of: 2))
        }
        #expect(mock.history.count == 11, "the request's low, then ten changes")
    }
}
