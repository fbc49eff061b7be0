import FirepumpHAL
import Synchronization
import Testing

@Suite("Pin fault relay")
struct PinFaultRelayTests {
    static func fault(line: Int) -> PinDriverError {
        PinDriverError(kind: .systemError, operation: "read", chip: "gpiochip0", line: line, errno: 5, detail: "")
    }

    @Test("faults reported before anyone listens are handed over on connect, in order; later ones go straight through")
    func earlyAndLate() {
        let relay = PinFaultRelay()
        relay.report(Self.fault(line: 1))
        relay.report(Self.fault(line: 2))
        let seen = Mutex<[Int?]>([])
        relay.connect { error in seen.withLock { $0.append(error.line) } }
        #expect(seen.withLock { $0 } == [1, 2])
        relay.report(Self.fault(line: 3))
        #expect(seen.withLock { $0 } == [1, 2, 3])
    }
}
