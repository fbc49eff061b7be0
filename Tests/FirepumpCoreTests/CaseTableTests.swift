import FirepumpCore
import Testing

/// Issue 11 item 5: per-case tables that are total (a value for every case, nothing to unwrap).
@Suite("CaseTable")
struct CaseTableTests {
    @Test("holds a value for every case, in allCases order; setting one leaves the others")
    func total() {
        var table = CaseTable<Output, Int> { Output.allCases.firstIndex(of: $0)! * 10 }
        #expect(Output.allCases.map { table[$0] } == [0, 10, 20, 30, 40, 50, 60])
        table[.refillValve] = 7
        #expect(table[.refillValve] == 7 && table[.mainValve] == 0 && table[.rpmReduce] == 60)
    }

    @Test("equal when every value is equal")
    func equality() {
        let off = CaseTable<InputRole, Bool> { _ in false }
        var one = off
        #expect(one == off)
        one[.flowSensor] = true
        #expect(one != off)
    }

    @Test("the configuration's pins are total: every output and input has its wiring")
    func configTables() {
        let config = PumpConfig()
        #expect(Output.allCases.map { config.outputs[$0].line } == [18, 23, 24, 25, 22, 26, 27])
        #expect(InputRole.allCases.allSatisfy { config.inputs[$0].line == nil })
        #expect(InputRole.allCases.map { config.inputs[$0].activeLow } == [true, true, false, true, true, false] + Array(repeating: false, count: InputRole.supervision.count))
    }
}
