import FirepumpCore
import PropertyBased
import Testing

/// The history's counters over the random scenarios of the safety properties (triggers, every
/// command, inputs, waits, stalls, faults, crashes, SIGTERMs and reboots), half of the crashes
/// and reboots losing the last ledger write: counters never decrease, engine time is the sum of
/// the records' runtimes and the machine's own total, every engine start and failed start is
/// counted exactly once, every run has exactly one record.
@Suite("Run history counters (property-based)")
struct RecorderPropertyTests {
    @Test("counters never decrease; engine hours are the sum of the run runtimes; nothing is counted twice or lost")
    func countersHold() async {
        await propertyCheck(count: InvariantTests.cases, input: ScenarioGen.scenario) { scenario in
            let problems = Self.replay(scenario)
            #expect(problems.isEmpty, "\(problems.prefix(3).joined(separator: " | "))")
        }
    }

    /// Plays `scenario`, checking after every step; returns what went wrong.
    static func replay(_ scenario: Scenario) -> [String] {
        var rig = HistoryRig(scenario.config, inputs: scenario.boot)
        var problems: [String] = []
        var previous = rig.savedLedger.counters
        for (index, step) in scenario.steps.enumerated() {
            // Every other crash or reboot falls between the state save and the ledger write.
            let losing = index % 2 == 0
            switch step {
            case .trigger: rig.send(.trigger)
            case .command(let command): rig.send(.command(command))
            case .input(let role, let active): rig.send(.inputChanged(role, active: active))
            case .wait(let seconds): rig.advance(to: rig.now.seconds + seconds)
            case .late(let seconds): rig.tickLate(at: rig.now.seconds + seconds)
            case .crash(let downtime, _): rig.crash(after: downtime, losingLedgerWrite: losing)
            case .reboot(let downtime): rig.reboot(after: downtime, losingLedgerWrite: losing)
            case .sigterm(let keepRunning, let downtime):
                rig.terminate(keepRunning: keepRunning)
                rig.crash(after: downtime, losingLedgerWrite: losing)
            case .refused: rig.send(.messageRefused(.triggerIgnored(.message("test"))))
            case .fault(let fault): rig.send(fault.event)
            }
            let counters = rig.savedLedger.counters
            let where_ = "step \(index) (\(step))"
            if !counters.isAtLeast(previous) { problems.append("\(where_): counters decreased from \(previous) to \(counters)") }
            previous = counters
            let summed = rig.history.reduce(0) { $0 + $1.runtime }
            if abs(counters.engineSeconds - summed) > 1e-6 {
                problems.append("\(where_): engine seconds \(counters.engineSeconds) but the records sum to \(summed)")
            }
            if counters.runs != rig.history.count + (rig.savedLedger.openRun == nil ? 0 : 1) {
                problems.append("\(where_): \(counters.runs) runs counted, \(rig.history.count) records and open \(rig.savedLedger.openRun != nil)")
            }
        }
        let counters = rig.recorder.ledger.counters
        let starts = rig.reports.filter { $0 == .engineRunning }.count
        let failed = rig.reports.filter { if case .engineStartFailed = $0 { true } else { false } }.count
        if counters.starts != starts { problems.append("\(counters.starts) starts counted, \(starts) engine_running reported") }
        if counters.failedStarts != failed { problems.append("\(counters.failedStarts) failed starts counted, \(failed) reported") }
        if abs(counters.engineSeconds - rig.machine.state.totalRuntime) > 1e-6 {
            problems.append("engine seconds \(counters.engineSeconds), the machine's total runtime \(rig.machine.state.totalRuntime)")
        }
        let ids = rig.history.map(\.id)
        if ids != Array(1...max(1, ids.count)).prefix(ids.count).map({ $0 }) { problems.append("record ids \(ids) are not 1, 2, …") }
        return problems
    }
}
