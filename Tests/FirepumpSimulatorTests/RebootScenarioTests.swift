import FirepumpCore
import FirepumpSimulator
import Testing

/// `"reboot": true`: the machine restarts (the relay board loses power, a new boot id), which is
/// not a process restart (`"restart": true`, relays held).
@Suite("Reboots in scenarios")
struct RebootScenarioTests {
    @Test("a reboot mid-run: every relay drops, then priming and cranking again; the stop comes at max runtime counted across it")
    func rebootMidRun() throws {
        var scenario = ScenarioBuilder(duration: 2500)
        scenario.trigger(at: 0)
        scenario.triggers(from: 600, every: 600, through: 1800)
        scenario.reboot(at: 100)
        let timeline = try scenario.run()
        #expect(timeline.lines(at: 100).prefix(7) == [
            "pin main_valve off", "pin refill_valve off", "pin ignition_on off", "pin priming_valve off",
            "pin main_valve on", "pin priming_valve on", "pin refill_valve on",
        ])
        #expect(timeline.event("recovered_after_reboot")?.payload["previous_state"] == "RUNNING")
        #expect(timeline.states.filter { $0.t >= 100 }.prefix(3).map(\.description) == [
            "100.0:RUNNING>PRIMING", "102.0:PRIMING>STARTING", "107.0:STARTING>RUNNING",
        ])
        // Checkpoint at T+97: 90 s known + 30 s = 120 s spent; 1680 s left from T+107.
        #expect(timeline.states.filter { $0.t > 107 }.prefix(2).map(\.description) == [
            "1772.0:RUNNING>REDUCING_RPM", "1787.0:REDUCING_RPM>STOPPING",
        ])
        #expect(timeline.event("shutdown_complete")?.payload["runtime"] == 1800)
    }

    @Test("a restart at the same instant keeps every relay and resumes the run: the two are told apart")
    func restartIsNotReboot() throws {
        var scenario = ScenarioBuilder(duration: 300)
        scenario.trigger(at: 0)
        scenario.restart(at: 100)
        let timeline = try scenario.run()
        #expect(timeline.pinLines.filter { ms($0.t) == 100 }.isEmpty)
        #expect(timeline.event("recovered_after_reboot") == nil)
        #expect(timeline.event("recovered_after_restart") != nil)
    }

    @Test("a scenario event may be a reboot; any other value than true is an error naming the field")
    func rebootDecoding() throws {
        let bad = #"{"duration":10,"events":[{"at":1,"reboot":false}]}"#
        #expect(throws: ScenarioError.self) { try Scenario.decode(Array(bad.utf8)) }
    }
}
