import FirepumpCore
import PropertyBased
import Testing

/// Property tests of exercise runs and supervision alarms (issue 10): 1,000 random scenarios
/// each, weeks long, mixing scheduled and asked-for exercises, fire triggers, stop/reset/start,
/// alarm inputs, crashes and reboots with downtimes from none to eleven days, in three time zones.
///
/// Reproducing a failure: add the printed `.fixedSeed("…")` trait to the failing test.
@Suite("Exercise and alarm invariants (property-based)")
struct StandbyPropertyTests {
    static let cases = 1000

    @Test("an exercise never outlasts EXERCISE_DURATION unless a trigger made it a fire run")
    func exerciseBounded() async {
        await propertyCheck(count: Self.cases, input: StandbyGen.scenario) { scenario in
            let run = StandbyRun(scenario)
            let limit = run.config.timing.exerciseRuntime
            for (number, record) in run.runs where record.exercise && !record.takenOver && !record.stalled {
                let slack = record.rebooted ? PumpStateMachine.runtimeCheckpointInterval : 0
                #expect(record.ignitionTime <= limit + slack + 1e-6, "run \(number): engine ran \(record.ignitionTime) s, EXERCISE_DURATION \(limit)")
            }
            #expect(run.violations.isEmpty, "violations: \(run.violations.prefix(3))")
        }
    }

    @Test("a fire run taken over from an exercise still stops by MAX_ENGINE_RUNTIME counted from the engine start")
    func takenOverBounded() async {
        await propertyCheck(count: Self.cases, input: StandbyGen.scenario) { scenario in
            let run = StandbyRun(scenario)
            let limit = run.config.timing.maxEngineRuntime
            for (number, record) in run.runs where record.takenOver && !record.stalled {
                if record.rebooted {
                    #expect(record.ignitionTime <= limit + PumpStateMachine.runtimeCheckpointInterval + 1e-6, "run \(number)")
                } else if let start = record.firstRunning {
                    let end = record.ignitionOnSince == nil ? (record.lastIgnitionOff ?? start) : run.now
                    #expect(end - start <= limit + 1e-6, "run \(number): engine on from \(start) to \(end), MAX_ENGINE_RUNTIME \(limit)")
                }
            }
        }
    }

    @Test("an alarm-action input never changes an output: the same scenario without its alarms drives every output the same")
    func alarmsChangeNoOutput() async {
        await propertyCheck(count: Self.cases, input: StandbyGen.scenario) { scenario in
            let alarmed = StandbyRun(scenario)
            let quiet = StandbyRun(scenario, withoutAlarms: true)
            let same = alarmed.drives.count == quiet.drives.count
                && zip(alarmed.drives, quiet.drives).allSatisfy { $0.at == $1.at && $0.output == $1.output && $0.on == $1.on }
            #expect(same, "first difference at \(zip(alarmed.drives, quiet.drives).first { $0.at != $1.at || $0.output != $1.output || $0.on != $1.on }.map { "\($0) vs \($1)" } ?? "the end")")
        }
    }

    @Test("a restart never repeats or loses a due exercise: every slot owed is handled exactly once")
    func slotsOnce() async {
        var owedTotal = 0
        await propertyCheck(count: Self.cases, input: StandbyGen.scenario) { scenario in
            let run = StandbyRun(scenario)
            let owed = run.slotsOwed
            owedTotal += owed.count
            let handled = run.handledSlots
            let missing = owed.filter { slot in !handled.contains { abs($0 - slot) < 1.5 } }
            #expect(missing.isEmpty, "slots never handled: \(missing.prefix(3)), handled \(handled.prefix(5))")
            #expect(run.violations.isEmpty, "violations: \(run.violations.prefix(3))")
        }
        #expect(owedTotal > 1000, "the scenarios must reach many scheduled slots")
    }

    @Test("the scenarios reach exercises that run out, fail, are taken over and survive restarts (so the properties are not vacuous)")
    func coverage() async {
        var exercises = 0, takenOver = 0, restartedExercises = 0, alarmScenarios = 0
        await propertyCheck(count: 300, input: StandbyGen.scenario) { scenario in
            let run = StandbyRun(scenario)
            exercises += run.runs.values.filter { $0.exercise && !$0.takenOver && $0.ignitionTime > 0 }.count
            takenOver += run.runs.values.filter { $0.takenOver && $0.firstRunning != nil }.count
            restartedExercises += run.runs.values.filter { $0.exercise && ($0.rebooted || $0.stalled) }.count
            if scenario.steps.contains(where: \.isAlarm) { alarmScenarios += 1 }
        }
        #expect(exercises > 300)
        #expect(takenOver > 50)
        #expect(restartedExercises > 20)
        #expect(alarmScenarios > 100)
    }
}
