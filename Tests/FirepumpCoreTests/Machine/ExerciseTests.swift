import FirepumpCore
import Testing

/// Exercise runs (issue 10 item 1): a real start with the exercise valves, a verdict, a fire
/// trigger taking over, and a schedule that a restart neither repeats nor loses.
@Suite("Exercise runs")
struct ExerciseTests {
    /// Defaults: crank T+2..T+7, RUNNING from T+7, RPM reduced at T+602, stop at T+607.
    static func exercising(_ config: PumpConfig = PumpConfig(), inputs: [InputRole: Bool] = [:]) -> Driver {
        var pump = Driver(config, inputs: inputs)
        _ = pump.command(.exercise, at: t(0))
        return pump
    }

    @Test("exercise: exercise_started, EXERCISE_VALVES open, EXERCISE_DURATION of running, the stop sequence, passed, then refill and cooldown")
    func passes() throws {
        var pump = Self.exercising()
        #expect(pump.reportNames().prefix(3) == ["exercise_started", "pump_sequence_start", "priming_started"])
        #expect(pump.outputs[.mainValve] && pump.outputs[.primingValve] && !pump.outputs[.refillValve])
        #expect(pump.state.deadlines[.fireOff] == nil)
        pump.advance(to: t(700))
        #expect(pump.reports("engine_running").map(\.at) == [t(7)])
        #expect(pump.reports("rpm_reduced").map(\.at) == [t(602)])
        #expect(pump.reports("rpm_reduced").first?.event["reason"] == "exercise_end")
        #expect(pump.reports("shutdown_initiated").map(\.at) == [t(607)])
        let passed = try #require(pump.reports("exercise_passed").first)
        #expect(passed.at == t(607))
        #expect(passed.event["runtime"] == .number(600))
        #expect(pump.lastChange(of: .ignitionOn, to: false) == t(607))
        #expect(pump.phase == .refilling)
        #expect(!pump.reported("exercise_failed"))
        pump.advance(to: t(612 + 600 * 40 + 60))
        #expect(pump.phase == .idle)
    }

    @Test("a failed start fails the exercise (fail_to_start) and raises exercise_failed, which survives a restart and clears when one passes")
    func failedStartRaisesTrouble() throws {
        let config = try pumpConfig(fitting: .engineRunning, with: ["MAX_CRANK_ATTEMPTS": "1"])
        var pump = Self.exercising(config, inputs: [.engineRunning: false])
        pump.advance(to: t(20))
        let failed = try #require(pump.reports("exercise_failed").first)
        #expect(failed.event["reason"] == "fail_to_start")
        #expect(pump.machine.troubles[.exerciseFailed] != nil)
        pump.advance(to: t(100))
        #expect(pump.phase == .error)
        let boot = pump.restart(after: 10)
        #expect(boot.contains(.event("trouble_raised", [.field("trouble", "exercise_failed")])))
        _ = pump.command(.reset, at: pump.now + 1)
        #expect(pump.machine.troubles[.exerciseFailed] != nil, "reset does not acknowledge a failed exercise")
        let start = pump.now
        _ = pump.command(.exercise, at: start)
        pump.input(.engineRunning, true, at: start + 4)
        pump.advance(to: start + 700)
        #expect(pump.reports("exercise_passed").count == 1)
        #expect(pump.machine.troubles[.exerciseFailed] == nil)
        #expect(pump.state.failedExercise == nil)
    }

    @Test("a fitted pressure switch must read pressure OK at the end, or the exercise fails (no_line_pressure)")
    func pressureJudged() throws {
        var pump = Self.exercising(try pumpConfig(fitting: .linePressure, with: ["PRESSURE_CHECK_DELAY": "500"]), inputs: [.linePressure: true])
        pump.input(.linePressure, false, at: t(550))
        pump.advance(to: t(700))
        #expect(pump.reports("exercise_failed").count == 1)
        #expect(pump.reports("exercise_failed").first?.event["reason"] == "no_line_pressure")
    }

    @Test("a fire trigger during an exercise takes it over at once: no stop, no re-crank, fire valves open, max runtime from the engine start")
    func triggerTakesOver() throws {
        var pump = Self.exercising()
        pump.trigger(at: t(300))
        #expect(pump.reportNames(from: t(299), through: t(300)).prefix(1) == ["exercise_taken_over"])
        #expect(pump.outputs[.mainValve] && pump.outputs[.refillValve] && pump.outputs[.ignitionOn])
        #expect(!pump.state.exercising)
        pump.advance(to: t(2000))
        #expect(pump.reports("engine_start_sequence").count == 1)
        #expect(pump.reports("rpm_reduced").map(\.at) == [t(7 + 1800 - 15)])
        #expect(pump.reports("shutdown_initiated").map(\.at) == [t(7 + 1800)])
        #expect(pump.reports("shutdown_initiated").first?.event["reason"] == "max_runtime")
        #expect(!pump.reported("exercise_passed") && !pump.reported("exercise_failed"))
    }

    @Test("a trigger during the exercise-end RPM reduction cancels that stop: the fire run goes on at full RPM")
    func triggerCancelsExerciseEnd() {
        var pump = Self.exercising()
        pump.advance(to: t(603))
        #expect(pump.phase == .reducingRPM)
        pump.trigger(at: t(604))
        #expect(pump.phase == .running)
        #expect(!pump.outputs[.rpmReduce])
        #expect(pump.reported("shutdown_cancelled"))
        pump.advance(to: t(1000))
        #expect(pump.phase == .running)
    }

    @Test("a battery alarm during an exercise fails it and changes no output", arguments: [InputRole.batteryLow, .chargerFault, .highEngineTemp, .lowFuel])
    func alarmFails(_ role: InputRole) throws {
        let config = try pumpConfig(fitting: role)
        var alarmed = Self.exercising(config, inputs: [role: false])
        var quiet = Self.exercising(config, inputs: [role: false])
        alarmed.input(role, true, at: t(100))
        alarmed.input(role, false, at: t(200))
        quiet.advance(to: t(200))
        alarmed.advance(to: t(700))
        quiet.advance(to: t(700))
        #expect(alarmed.outputs == quiet.outputs)
        #expect(alarmed.changes(of: .mainValve).map(\.at) == quiet.changes(of: .mainValve).map(\.at))
        let failed = try #require(alarmed.reports("exercise_failed").first)
        #expect(failed.event["reason"] == "alarm")
        #expect(failed.event["input"] == .string(role.rawValue))
        #expect(quiet.reported("exercise_passed"))
    }

    @Test("an exercise never starts during a run, refill, cooldown, ERROR or LOCKOUT: exercise_skipped with the reason", arguments: Phase.allCases)
    func skipped(_ phase: Phase) throws {
        var pump = try Phases.reach(phase)
        let before = pump.state.run
        let actions = pump.send(.command(.exercise))
        let expected: [Phase: String] = [
            .priming: "run_in_progress", .starting: "run_in_progress", .running: "run_in_progress", .reducingRPM: "run_in_progress",
            .stopping: "run_in_progress", .refilling: "refilling", .cooldown: "cooldown", .error: "error", .lockout: "lockout",
        ]
        if let reason = expected[phase] {
            #expect(actions.contains(.event("exercise_skipped", [.field("reason", .string(reason))])))
            #expect(pump.state.run == before)
        } else {
            #expect(pump.state.exercising)
        }
    }

    @Test("an empty tank skips the exercise (low_reservoir)")
    func emptyTankSkips() throws {
        var pump = Driver(try pumpConfig(fitting: .reservoirLow), inputs: [.reservoirLow: true])
        #expect(pump.command(.exercise, at: t(1)).contains(.event("exercise_skipped", [.field("reason", "low_reservoir")])))
        #expect(pump.phase == .idle)
    }

    // MARK: The schedule

    static let scheduled = try! pumpConfig(["EXERCISE_SCHEDULE": "Sun 10:00"])

    @Test("the scheduled instant starts the exercise and is recorded as handled")
    func scheduledStarts() {
        var pump = Driver(Self.scheduled)
        pump.send(.exerciseScheduled(t(100)))
        #expect(pump.state.exerciseDue == t(100))
        pump.advance(to: t(100))
        #expect(pump.reports("exercise_started").map(\.at) == [t(100)])
        #expect(pump.state.exerciseDue == nil)
        #expect(pump.state.lastExerciseSlot == t(100))
    }

    @Test("with no schedule a handed-over due instant is ignored, and a saved one dropped")
    func noScheduleIgnores() {
        var pump = Driver()
        pump.send(.exerciseScheduled(t(100)))
        pump.advance(to: t(200))
        #expect(!pump.reported("exercise_started"))
        var saved = PumpState()
        saved.exerciseDue = t(300)
        let restored = Driver(PumpConfig(), restoring: saved)
        #expect(restored.state.exerciseDue == nil)
    }

    @Test("due while the service was down: run at start within the grace hour, else reported missed once")
    func dueWhileDown() {
        for (downtime, started) in [(1000.0, true), (100 + PumpStateMachine.exerciseGrace + 1, false)] {
            var pump = Driver(Self.scheduled)
            pump.send(.exerciseScheduled(t(100)))
            pump.advance(to: t(50))
            pump.restart(after: downtime)
            #expect(pump.reported("exercise_started") == started)
            #expect(pump.reports("exercise_skipped").map { $0.event["reason"] } == (started ? [] : ["missed"]))
            #expect(pump.state.lastExerciseSlot == t(100))
        }
    }

    @Test("a crash during an exercise resumes it: not started again, still judged")
    func crashResumes() {
        var pump = Self.exercising()
        pump.advance(to: t(300))
        pump.restart(after: 5)
        pump.advance(to: t(1000))
        #expect(pump.reports("exercise_started").count == 1)
        #expect(pump.reports("exercise_passed").count == 1)
    }

    @Test("an exercise valve list without the main valve keeps the priming valve open for the whole exercise")
    func primingAsOutlet() throws {
        var pump = Self.exercising(try pumpConfig(["EXERCISE_VALVES": "priming_valve"]))
        #expect(!pump.outputs[.mainValve] && pump.outputs[.primingValve])
        pump.advance(to: t(500))
        #expect(pump.outputs[.primingValve])
        pump.advance(to: t(607))
        #expect(!pump.outputs[.primingValve])
    }
}
