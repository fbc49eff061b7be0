import FirepumpCore
import Testing

/// Issue 11 item 5: per-case tables that are total (a value for every case, nothing to unwrap).
@Suite("CaseTable")
struct CaseTableTests {
    @Test("holds a value for every case, in allCases order; setting one leaves the others")
    func total() {
        var table = CaseTable<Output, Int> { $0.tableIndex * 10 }
        #expect(Output.allCases.map { table[$0] } == [0, 10, 20, 30, 40, 50, 60])
        table[.refillValve] = 7
        #expect(table[.refillValve] == 7 && table[.mainValve] == 0 && table[.rpmReduce] == 60)
    }

    @Test("a repeated value fills every case, and each case then changes on its own", arguments: InputRole.allCases)
    func repeating(_ role: InputRole) {
        var table = CaseTable<InputRole, Int?>(repeating: nil)
        #expect(InputRole.allCases.allSatisfy { table[$0] == nil })
        table[role] = role.tableIndex
        for other in InputRole.allCases {
            #expect(table[other] == (other == role ? role.tableIndex : nil), "\(other)")
        }
    }

    @Test("every key's table index is its position in allCases")
    func tableIndices() {
        #expect(Output.allCases.map(\.tableIndex) == Array(Output.allCases.indices))
        #expect(InputRole.allCases.map(\.tableIndex) == Array(InputRole.allCases.indices))
        #expect(DeadlineKind.allCases.map(\.tableIndex) == Array(DeadlineKind.allCases.indices))
    }

    @Test("equal and hashed alike when every value is equal")
    func equality() {
        let off = CaseTable<InputRole, Bool> { _ in false }
        var one = off
        #expect(one == off)
        one[.flowSensor] = true
        #expect(one != off)
        #expect(Set([off, one, CaseTable(repeating: false)]).count == 2)
        one[.flowSensor] = false
        #expect(one == off && one.hashValue == off.hashValue)
    }

    @Test("no deadline is armed and every output is off in a new state")
    func newState() {
        let state = PumpState()
        #expect(DeadlineKind.allCases.allSatisfy { state.deadlines[$0] == nil })
        #expect(Output.allCases.allSatisfy { !state.outputs[$0] })
        #expect(state.outputs == .safe && state.deadlines == Deadlines(repeating: nil))
    }

    @Test("the configuration's pins are total: every output and input has its wiring")
    func configTables() {
        let config = PumpConfig()
        #expect(Output.allCases.map { config.outputs[$0].line } == [18, 23, 24, 25, 22, 26, 27])
        #expect(InputRole.allCases.allSatisfy { config.inputs[$0].line == nil })
        #expect(InputRole.allCases.map { config.inputs[$0].activeLow } == [true, true, false, true, true, false] + Array(repeating: false, count: InputRole.supervision.count))
    }
}
