import FirepumpCore
import FirepumpSimulator
import Foundation
import Testing

/// `firepump simulate` with exercise runs and supervision inputs: the scenario's `wallclock`,
/// the `exercise` command, alarm inputs, restarts; and the examples in docs/examples.
@Suite("Simulator: exercises and supervision alarms")
struct ExerciseScenarioTests {
    /// Sunday 09:58 in UTC-8, with a Sunday 10:00 schedule.
    static func sundayMorning(_ body: String, config: String = "") -> String {
        #"{"wallclock": "2026-11-29T09:58:00-08:00", "config": {"EXERCISE_SCHEDULE": "Sun 10:00""# + config + "}, " + body + "}"
    }

    @Test("the schedule runs in the scenario's local time: Sun 10:00 at UTC-8 is t=120, stamped 18:00Z")
    func scheduleInLocalTime() throws {
        let timeline = try Timeline.run(json: Self.sundayMorning(#""duration": 900"#))
        #expect(timeline.times(of: "exercise_started") == [120])
        #expect(timeline.event("exercise_started")?.payload["timestamp"] == "2026-11-29T18:00:00.000Z")
        #expect(timeline.times(of: "exercise_passed") == [127 + 600])
        #expect(timeline.event("exercise_passed")?.payload["runtime"] == .number(600))
    }

    @Test("the exercise command on the emergency topic starts one; a second during it is skipped")
    func exerciseCommand() throws {
        var builder = ScenarioBuilder(duration: 800)
        builder.emergency(at: 10, "exercise")
        builder.emergency(at: 20, #"{"command":"exercise"}"#)
        let timeline = try builder.run()
        #expect(timeline.times(of: "exercise_started") == [10])
        #expect(timeline.event("exercise_skipped")?.payload["reason"] == "run_in_progress")
        #expect(timeline.phase(at: 100) == .running)
    }

    @Test("a battery alarm during the exercise: supervision_alarm, trouble, exercise_failed{reason: alarm, input}")
    func batteryAlarm() throws {
        let timeline = try Timeline.run(json: Self.sundayMorning(
            #""duration": 900, "events": [{"at": 0, "input": {"pin": 5, "level": 0}}, {"at": 300, "input": {"pin": 5, "level": 1}}]"#,
            config: #", "BATTERY_LOW_PIN": 5"#))
        #expect(timeline.times(of: "supervision_alarm") == [300.5])
        #expect(timeline.event("supervision_alarm")?.payload["input"] == "battery_low")
        let failed = try #require(timeline.event("exercise_failed"))
        #expect(failed.payload["reason"] == "alarm")
        #expect(failed.payload["input"] == "battery_low")
        #expect(timeline.isOn(.ignitionOn, at: 500))
    }

    @Test("a restart during the exercise resumes it: one exercise_started, one verdict")
    func restartDuringExercise() throws {
        let timeline = try Timeline.run(json: Self.sundayMorning(#""duration": 900, "events": [{"at": 400, "restart": true}]"#))
        #expect(timeline.times(of: "exercise_started") == [120])
        #expect(timeline.times(of: "exercise_passed").count == 1)
    }

    @Test("a wallclock that is not a local date and time with its offset is refused, naming it", arguments: [
        #""2026-11-29 09:58""#, #""2026-11-29T09:58:00""#, #""2026-02-30T09:58:00Z""#, "1764000000", #""2026-11-29T09:58:00+25:00""#,
    ])
    func badWallclock(_ value: String) {
        #expect(scenarioError(#"{"duration": 10, "wallclock": "# + value + "}")?.field == "wallclock")
    }

    @Test("wallclock forms: seconds optional, Z for UTC")
    func wallclockForms() {
        #expect(ScenarioClock(iso8601: "2026-01-01T00:00:00Z") == .standard)
        #expect(ScenarioClock(iso8601: "2026-01-01T05:30+05:30") == ScenarioClock(epochAtStart: ScenarioClock.standard.epochAtStart, utcOffset: 19_800))
    }

    @Test("the example timelines in docs/examples are what the simulator prints", arguments: ["fire-run", "dry-run-trip", "exercise-pass", "exercise-battery-alarm", "exercise-fire-takeover"])
    func examples(_ name: String) throws {
        let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/examples")
        let json = try String(contentsOf: examples.appendingPathComponent("\(name).json"), encoding: .utf8)
        let text = try String(contentsOf: examples.appendingPathComponent("\(name).txt"), encoding: .utf8)
        let timeline = try Timeline.run(json: json)
        #expect(timeline.entries.map(\.textLine).joined(separator: "\n") + "\n" == text)
    }
}
