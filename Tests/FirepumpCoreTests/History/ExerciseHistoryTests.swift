import FirepumpCore
import Testing

/// Exercise runs in the run history (issue 10 items 1 and 4): their kind, verdict and counters.
@Suite("Exercise runs in the run history")
struct ExerciseHistoryTests {
    /// A 120 s exercise, fire-off 600 s after the last trigger.
    static let config = PumpConfig.with(["EXERCISE_DURATION": "120", "FIRE_OFF_DELAY": "600"])

    @Test("an exercise asked for on the emergency topic is one exercise record with its verdict, counted as passed")
    func passedExercise() throws {
        var rig = HistoryRig(Self.config)
        rig.send(.command(.exercise), at: 100)
        #expect(rig.recorder.ledger.openRun?.record.kind == .exercise)
        rig.advance(to: 5000)
        let record = try #require(rig.history.only)
        #expect(record.kind == .exercise)
        #expect(record.source == .command(.exercise))
        #expect(record.exercisePassed == true)
        #expect(rig.counters.exercisesPassed == 1 && rig.counters.exercisesFailed == 0)
        #expect(rig.counters.runs == 1 && rig.counters.starts == 1)
    }

    @Test("a fire trigger that takes over an exercise makes its record a fire run, with no exercise verdict counted")
    func takenOverByFire() throws {
        var rig = HistoryRig(Self.config)
        rig.send(.command(.exercise), at: 100)
        rig.advance(to: 150)
        #expect(rig.phase == .running)
        rig.send(.trigger, at: 150)
        rig.advance(to: 5000)
        let record = try #require(rig.history.only)
        #expect(record.kind == .fire)
        #expect(record.stopReason == .fireOff)
        #expect(record.exercisePassed == nil)
        #expect(rig.counters.exercisesPassed == 0 && rig.counters.exercisesFailed == 0)
        #expect(rig.counters.runs == 1 && rig.counters.starts == 1)
    }
}
