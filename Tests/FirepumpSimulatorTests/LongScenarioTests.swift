import FirepumpCore
import FirepumpSimulator
import Testing

/// The simulator jumps from one event or deadline to the next, so a day costs as many steps as
/// it has events and deadlines. Wall time is not asserted here (that would be flaky); the
/// release-build timing is measured with `time firepump simulate` instead.
@Suite("Long scenarios")
struct LongScenarioTests {
    @Test("a 22-hour scenario with a 30-minute run and its 20-hour refill completes")
    func twentyHours() throws {
        var scenario = ScenarioBuilder(duration: 80_000)
        scenario.triggers(from: 0, every: 300, through: 1800)
        let timeline = try scenario.run()
        #expect(timeline.states.map(\.t) == [0, 2, 7, 1792, 1807, 1812, 73_812, 73_872])
        #expect(timeline.end?.phase == .idle)
        #expect(timeline.end?.t == 80_000)
        let health = timeline.entries.filter { entry in
            if case .publish(_, _, let payload) = entry.kind { return payload["action"] == "health_report" }
            return false
        }
        #expect(health.count == 80_000 / 60, "one health report a minute, nothing polled in between")
        // wildfire-watch's retained health goes with each report, on connect and on each state change (issue 8).
        let serviceHealth = timeline.entries.filter { entry in
            if case .publish(let topic, _, _) = entry.kind { return topic == "system/gpio_trigger/health" }
            return false
        }
        #expect(serviceHealth.count == health.count + 1 + timeline.states.count)
        #expect(timeline.entries.count < health.count + serviceHealth.count + 100)
    }

    @Test("a week with health reports once a day is a handful of lines")
    func aWeek() throws {
        var scenario = ScenarioBuilder(duration: 7 * 86_400, config: [("HEALTH_INTERVAL", 86_400), ("REFILL_MULTIPLIER", 100)])
        scenario.trigger(at: 3600)
        let timeline = try scenario.run()
        #expect(timeline.states.last?.description == "\(3600.0 + 1812 + 180_000 + 60):COOLDOWN>IDLE")
        // About 80 lines: the run's state changes, pins and events, each state change also on
        // wildfire-watch's health and gpio/status topics (issue 8); nothing polled in between.
        #expect(timeline.entries.count < 100)
    }
}
