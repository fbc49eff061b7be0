import FirepumpCore
import Testing

/// Failures at the edges are events the machine decides about: output writes are retried and a
/// failed safety write is a latched trouble; a failed save never stops a run; a dead input reader
/// is a broken wire of that input.
@Suite("Faults at the edges")
struct FaultTests {
    @Test("a failed output write is reported once, raised as a trouble, retried every second until it succeeds")
    func outputWriteRetried() {
        var pump = Driver()
        pump.send(.trigger)
        let failed = pump.send(.outputWriteFailed(.primingValve, error: "EIO"))
        #expect(failed == [
            .event("gpio_operation_failed", [.field("pin", 26), .field("output", "priming_valve"), .field("error", "EIO")]),
            .event("trouble_raised", [.field("trouble", "output_write_failing"), .field("subject", "priming_valve")]),
        ])
        #expect(pump.machine.troubles[.outputWriteFailing(.primingValve)] == t(0))
        #expect(pump.phase == .priming, "the run goes on")
        let retry = pump.advance(to: t(1)).map(\.action)
        #expect(retry.contains(.on(.primingValve)))
        // It fails again: no second report, the retry is re-armed.
        #expect(pump.send(.outputWriteFailed(.primingValve, error: "EIO")) == [])
        #expect(pump.advance(to: t(1.5)).map(\.action).filter { $0 == .on(.primingValve) }.isEmpty)
        #expect(pump.advance(to: t(2)).map(\.action).contains(.on(.primingValve)))
        let recovered = pump.send(.outputWriteRecovered(.primingValve))
        #expect(recovered == [.event("trouble_cleared", [.field("trouble", "output_write_failing"), .field("subject", "priming_valve")])])
        #expect(pump.machine.troubles.isEmpty)
        #expect(pump.advance(to: t(10)).map(\.action).filter { $0 == .on(.primingValve) }.isEmpty, "no retry after recovery")
    }

    @Test("a failed ignition-off write during a stop is a latched trouble: a successful retry leaves it, reset clears it")
    func safetyWriteLatched() {
        var pump = Driver()
        pump.send(.trigger)
        _ = pump.command(.stop, at: t(100))
        #expect(pump.phase == .stopping)
        let failed = pump.send(.outputWriteFailed(.ignitionOff, error: "EIO"))
        #expect(failed.contains(.event("trouble_raised", [.field("trouble", "safety_output_failed"), .field("subject", "ignition_off")])))
        _ = pump.send(.outputWriteRecovered(.ignitionOff))
        #expect(pump.machine.troubles.keys.map(\.name) == ["safety_output_failed"], "latched")
        pump.advance(to: t(200))
        #expect(pump.phase == .lockout)
        let reset = pump.command(.reset, at: t(201))
        #expect(reset.contains(.event("trouble_cleared", [.field("trouble", "safety_output_failed"), .field("subject", "ignition_off")])))
        #expect(pump.machine.troubles.isEmpty)
    }

    @Test("a refill valve write that fails is not a safety trouble")
    func nonSafetyWrite() {
        var pump = Driver()
        pump.send(.trigger)
        _ = pump.send(.outputWriteFailed(.refillValve, error: "EIO"))
        #expect(pump.machine.troubles.keys.map(\.name) == ["output_write_failing"])
    }

    @Test("a failed save raises state_not_saved, never changes the run, is retried, and clears when a save succeeds")
    func saveFailure() {
        var pump = Driver()
        pump.send(.trigger)
        let before = pump.state
        let failed = pump.send(.stateSaveFailed(error: "ENOSPC", savedIn: ["runtime"]))
        #expect(failed == [
            .event("state_save_failed", [.field("error", "ENOSPC"), .field("saved_in", .array(["runtime"]))]),
            .event("trouble_raised", [.field("trouble", "state_not_saved")]),
        ])
        #expect(pump.state == before, "nothing durable changes: no persist loop")
        #expect(pump.send(.stateSaveFailed(error: "ENOSPC", savedIn: ["runtime"])) == [], "reported once")
        #expect(pump.advance(to: t(1.9)).map(\.action).filter { $0 == .persist }.isEmpty)
        #expect(pump.advance(to: t(5)).map(\.action).contains(.persist), "retried after 5 s")
        #expect(pump.send(.stateSaveRecovered) == [.event("trouble_cleared", [.field("trouble", "state_not_saved")])])
        pump.advance(to: t(400))
        #expect(pump.phase == .running)
    }

    @Test("a dead line-pressure reader reads as a broken wire: low pressure, the stop sequence, ERROR; later edges are ignored")
    func inputLost() throws {
        var pump = try HazardTests.pressurised()
        pump.advance(to: t(300))
        let lost = pump.send(.inputLost(.linePressure, error: "read failed: EIO"))
        #expect(lost.prefix(2) == [
            .event("input_lost", [.field("input", "line_pressure"), .field("error", "read failed: EIO")]),
            .event("trouble_raised", [.field("trouble", "input_lost"), .field("subject", "line_pressure")]),
        ])
        pump.input(.linePressure, true, at: t(301))
        pump.advance(to: t(302))
        #expect(pump.reports("low_pressure_detected").map(\.at) == [t(302)], "debounced like a real change")
        pump.advance(to: t(400))
        #expect(pump.phase == .error)
    }

    @Test("an input that is not fitted cannot be lost")
    func unfittedInputLost() {
        var pump = Driver()
        #expect(pump.send(.inputLost(.linePressure, error: "x")) == [])
        #expect(pump.machine.troubles.isEmpty)
    }

    @Test("low_pressure_detected is reported once when a restart re-reads the low pressure during the stop")
    func lowPressureOnceAcrossRestart() throws {
        var pump = try HazardTests.pressurised()
        pump.input(.linePressure, false, at: t(300))
        pump.advance(to: t(303))
        #expect(pump.phase == .reducingRPM)
        pump.restart(after: 1)
        pump.advance(to: t(400))
        #expect(pump.reports("low_pressure_detected").count == 1)
        #expect(pump.phase == .error)
    }
}
