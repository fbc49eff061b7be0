import FirepumpCore
import Testing

/// Engine supervision inputs (issue 10 item 2): alarms raise troubles and change nothing else;
/// `stop` stops the engine and latches ERROR; oil pressure counts only once the engine settled.
@Suite("Engine supervision inputs")
struct SupervisionTests {
    @Test("an alarm-action input raises supervision_alarm and its trouble after the debounce, and clears when normal again", arguments: InputRole.supervision.filter { $0 != .lowOilPressure && $0 != .overspeed })
    func alarmRaisesAndClears(_ role: InputRole) throws {
        var pump = Driver(try pumpConfig(fitting: role), inputs: [role: false])
        pump.input(role, true, at: t(10))
        #expect(pump.machine.troubles[.supervisionAlarm(role)] == nil, "not before INPUT_DEBOUNCE")
        pump.advance(to: t(10.5))
        #expect(pump.machine.troubles[.supervisionAlarm(role)] == t(10.5))
        let raised = try #require(pump.reports("supervision_alarm").first)
        #expect(raised.event["input"] == .string(role.rawValue))
        #expect(raised.event["response"] == "alarm")
        pump.input(role, false, at: t(20))
        pump.advance(to: t(21))
        #expect(pump.machine.troubles[.supervisionAlarm(role)] == nil)
        #expect(pump.reports("supervision_alarm_cleared").map(\.at) == [t(20.5)])
        #expect(pump.changes(of: .mainValve).isEmpty)
    }

    @Test("an alarm-action input during a fire run changes no output and no phase")
    func alarmKeepsTheRun() throws {
        let config = try pumpConfig(fitting: .highEngineTemp)
        var alarmed = Driver(config, inputs: [.highEngineTemp: false])
        var quiet = Driver(config, inputs: [.highEngineTemp: false])
        alarmed.trigger(at: t(0))
        quiet.trigger(at: t(0))
        alarmed.input(.highEngineTemp, true, at: t(100))
        alarmed.advance(to: t(3000))
        quiet.advance(to: t(3000))
        #expect(alarmed.phases.map(\.to) == quiet.phases.map(\.to))
        #expect(Output.allCases.allSatisfy { alarmed.changes(of: $0).map(\.at) == quiet.changes(of: $0).map(\.at) })
        #expect(alarmed.machine.troubles[.supervisionAlarm(.highEngineTemp)] != nil)
    }

    @Test("overspeed (stop by default) stops a running engine at once and latches ERROR \"overspeed\"")
    func overspeedStops() throws {
        var pump = Driver(try pumpConfig(fitting: .overspeed), inputs: [.overspeed: false])
        pump.trigger(at: t(0))
        pump.input(.overspeed, true, at: t(100))
        pump.advance(to: t(100.5))
        #expect(pump.phase == .stopping)
        #expect(pump.reports("shutdown_initiated").first?.event["reason"] == "alarm_stop")
        #expect(pump.outputs[.ignitionOff] && !pump.outputs[.ignitionOn] && pump.outputs[.rpmReduce])
        pump.advance(to: t(200))
        #expect(pump.phase == .error)
        #expect(pump.state.errorReason == .overspeed)
        #expect(pump.reports("error_state_entered").first?.event["reason"] == "overspeed")
    }

    @Test("a stop-action input outside a run only reports; a run started meanwhile is stopped at once")
    func stopOutsideRun() throws {
        var pump = Driver(try pumpConfig(fitting: .batteryLow, with: ["BATTERY_LOW_ACTION": "stop"]), inputs: [.batteryLow: true])
        #expect(pump.phase == .idle)
        #expect(pump.machine.troubles[.supervisionAlarm(.batteryLow)] != nil)
        pump.trigger(at: t(10))
        #expect(pump.phase == .stopping)
        #expect(!pump.outputs[.ignitionStart])
        pump.advance(to: t(100))
        #expect(pump.state.errorReason == .batteryLow)
    }

    @Test("low oil pressure counts only once the engine has run OIL_PRESSURE_SETTLE, and clears when the engine stops")
    func oilPressureSettles() throws {
        var pump = Driver(try pumpConfig(fitting: .lowOilPressure, with: ["OIL_PRESSURE_SETTLE": "20"]), inputs: [.lowOilPressure: true])
        #expect(pump.machine.troubles.isEmpty, "a stopped engine has no oil pressure")
        pump.trigger(at: t(0))
        pump.advance(to: t(26))
        #expect(pump.machine.troubles.isEmpty)
        pump.advance(to: t(27))
        #expect(pump.machine.troubles[.supervisionAlarm(.lowOilPressure)] == t(27))
        _ = pump.command(.stop, at: t(50))
        #expect(pump.machine.troubles[.supervisionAlarm(.lowOilPressure)] == nil)
    }

    @Test("a lost supervision input reads as a broken wire: in alarm")
    func lostInputAlarms() throws {
        var pump = Driver(try pumpConfig(fitting: .lowFuel), inputs: [.lowFuel: false])
        pump.send(.inputLost(.lowFuel, error: "EIO"), at: t(5))
        pump.advance(to: t(6))
        #expect(pump.machine.troubles[.supervisionAlarm(.lowFuel)] != nil)
    }

    @Test("an alarm is raised again after a restart, by its input")
    func alarmAfterRestart() throws {
        var pump = Driver(try pumpConfig(fitting: .chargerFault), inputs: [.chargerFault: true])
        #expect(pump.machine.troubles[.supervisionAlarm(.chargerFault)] != nil)
        let boot = pump.restart(after: 10)
        #expect(boot.contains(.event("trouble_raised", [.field("trouble", "supervision_alarm"), .field("subject", "charger_fault")])))
    }
}
