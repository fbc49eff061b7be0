import FirepumpCore
import Testing

/// The settings of exercise runs and supervision inputs: their formats, defaults and rules.
@Suite("Exercise and supervision settings")
struct ExerciseSettingsTests {
    private func error(_ settings: [String: String]) -> ConfigError? {
        do {
            _ = try PumpSettings.parse(settings)
            return nil
        } catch {
            return error
        }
    }

    @Test("defaults: no schedule, 600 s, main and priming valves, overspeed stops and the rest alarm, 15 s oil settle")
    func defaults() {
        let config = PumpConfig()
        #expect(config.exerciseSchedule == nil)
        #expect(config.timing.exerciseRuntime == 600)
        #expect(config.exerciseValves == [.mainValve, .primingValve])
        #expect(InputRole.supervision.map { config.alarmActions[$0] } == [.alarm, .alarm, .alarm, .alarm, .stop, .alarm])
        #expect(config.timing.oilPressureSettle == 15)
    }

    @Test("EXERCISE_SCHEDULE reads a day and a 24-hour time, any case, or off", arguments: [
        ("Sun 10:00", "Sun 10:00"), ("mon 07:30", "Mon 07:30"), ("  SAT   23:59 ", "Sat 23:59"), ("off", "off"), ("OFF", "off"), ("", "off"),
    ])
    func scheduleRead(_ text: String, _ shown: String) throws {
        let config = try PumpSettings.parse(["EXERCISE_SCHEDULE": text]).config
        #expect(PumpSettings.table.named("EXERCISE_SCHEDULE")?.value(config) == shown)
    }

    @Test("a malformed EXERCISE_SCHEDULE is an error naming it", arguments: ["Sunday 10:00", "Sun 10", "Sun 7:30", "Sun 24:00", "Sun 10:60", "10:00 Sun", "Sun 10:00 weekly", "Sun １0:00", "daily"])
    func scheduleRefused(_ text: String) {
        #expect(error(["EXERCISE_SCHEDULE": text])?.key == "EXERCISE_SCHEDULE")
    }

    @Test("EXERCISE_DURATION: at least 60, at most MAX_ENGINE_RUNTIME when set; unset it follows a shorter MAX_ENGINE_RUNTIME")
    func duration() throws {
        #expect(error(["EXERCISE_DURATION": "59"])?.key == "EXERCISE_DURATION")
        #expect(error(["EXERCISE_DURATION": "1801"])?.key == "EXERCISE_DURATION")
        #expect(error(["EXERCISE_DURATION": "1800"]) == nil)
        let short = ["MAX_ENGINE_RUNTIME": "300", "PRIMING_DURATION": "100"]
        #expect(error(short.merging(["EXERCISE_DURATION": "600"]) { $1 })?.key == "EXERCISE_DURATION")
        #expect(try PumpSettings.parse(short).config.timing.exerciseRuntime == 300)
        #expect(try PumpSettings.parse(["EXERCISE_DURATION": " "]).config.timing.exerciseDuration == nil)
    }

    @Test("EXERCISE_VALVES: known valves, no repeats, and a way out for the water", arguments: [
        ("main_valve", true), ("priming_valve,refill_valve", true), (" Main_Valve , priming_valve ", true),
        ("refill_valve", false), ("main_valve,main_valve", false), ("ignition_on,main_valve", false), ("", false), ("main_valve,", false),
    ])
    func valves(_ text: String, _ valid: Bool) {
        let found = error(["EXERCISE_VALVES": text])
        #expect((found == nil) == valid)
        if !valid { #expect(found?.key == "EXERCISE_VALVES") }
    }

    @Test("every *_ACTION is alarm or stop", arguments: InputRole.supervision)
    func actions(_ role: InputRole) throws {
        let key = String(PumpConfig.pinKey(role).dropLast(4)) + "_ACTION"
        #expect(try PumpSettings.parse([key: "STOP"]).config.alarmActions[role] == .stop)
        #expect(try PumpSettings.parse([key: "alarm"]).config.alarmActions[role] == .alarm)
        #expect(error([key: "halt"])?.key == key)
    }

    @Test("supervision pins are optional inputs like the others, and may not share a line")
    func pins() throws {
        let config = try PumpSettings.parse(["BATTERY_LOW_PIN": "5", "OVERSPEED_PIN": "6", "OVERSPEED_ACTIVE_LOW": "true"]).config
        #expect(config.inputs[.batteryLow].line == 5)
        #expect(config.inputs[.overspeed].activeLow)
        #expect(error(["LOW_FUEL_PIN": "18"])?.key.contains("LOW_FUEL_PIN") == true)
    }

    // MARK: Schedule arithmetic

    /// 2026-11-29 (a Sunday) 00:00 UTC.
    static let sundayMidnightUTC = WallInstant(secondsSinceEpoch: 1_795_910_400)

    @Test("the next slot is the scheduled weekday and local time, in the local time zone")
    func nextSlot() throws {
        let schedule = try #require(ExerciseSchedule(parsing: "Sun 10:00"))
        let utc = schedule.next(after: Self.sundayMidnightUTC) { _ in 0 }
        #expect(utc - Self.sundayMidnightUTC == 10 * 3600)
        let pacific = schedule.next(after: Self.sundayMidnightUTC) { _ in -8 * 3600 }
        // Sunday 00:00 UTC is Saturday 16:00 in UTC-8: the slot is Sunday 10:00 there, 18:00 UTC.
        #expect(pacific - Self.sundayMidnightUTC == 18 * 3600)
        let after = schedule.next(after: utc) { _ in 0 }
        #expect(after - utc == 7 * 86_400)
    }

    @Test("the due slot follows the last handled one, never older than the grace, and the first is after now")
    func dueSlot() throws {
        let schedule = try #require(ExerciseSchedule(parsing: "Sun 10:00"))
        let slot = schedule.next(after: Self.sundayMidnightUTC) { _ in 0 }
        let week = 7 * 86_400.0
        let later = WallInstant(secondsSinceEpoch: slot.secondsSinceEpoch + 3 * week + 600)
        #expect(schedule.due(lastSlot: nil, now: Self.sundayMidnightUTC, grace: 3600) { _ in 0 } == slot)
        #expect(schedule.due(lastSlot: slot, now: later, grace: 3600) { _ in 0 } - slot == 3 * week)
        let muchLater = WallInstant(secondsSinceEpoch: slot.secondsSinceEpoch + 3 * week + 7200)
        #expect(schedule.due(lastSlot: slot, now: muchLater, grace: 3600) { _ in 0 } - slot == 4 * week)
    }
}
