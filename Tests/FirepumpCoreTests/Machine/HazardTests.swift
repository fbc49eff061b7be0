import FirepumpCore
import Testing

/// Target §5: line pressure, dry run, low reservoir. Inputs are logical levels ("active" as
/// ``InputRole`` defines it); the polarity is the runtime's business.
@Suite("Hazards: pressure, dry run, low reservoir")
struct HazardTests {
    // MARK: Line pressure

    /// Pressure fitted, and present from T+10 (so the dry-run proxy is satisfied).
    static func pressurised() throws -> Driver {
        var pump = Driver(try pumpConfig(fitting: .linePressure), inputs: [.linePressure: false])
        pump.send(.trigger)
        pump.input(.linePressure, true, at: t(10))
        return pump
    }

    @Test("line pressure is watched from PRESSURE_CHECK_DELAY (60 s) after priming ends (T+247), not before")
    func pressureWatchStarts() throws {
        var pump = try Self.pressurised()
        pump.advance(to: t(246))
        #expect(!pump.state.pressureWatched)
        pump.advance(to: t(247))
        #expect(pump.state.pressureWatched)
        // Low pressure before the watch begins, recovered before it: nothing happens.
        var early = try Self.pressurised()
        early.input(.linePressure, false, at: t(200))
        early.input(.linePressure, true, at: t(240))
        early.advance(to: t(400))
        #expect(early.phase == .running)
        #expect(!early.reported("low_pressure_detected"))
    }

    @Test("pressure still low when the watch begins trips at once")
    func lowWhenWatchBegins() throws {
        var pump = try Self.pressurised()
        pump.input(.linePressure, false, at: t(200))
        pump.advance(to: t(247))
        #expect(pump.reports("low_pressure_detected").map(\.at) == [t(247)])
    }

    @Test("pressure low for longer than PRESSURE_DEBOUNCE: stop sequence, then latched ERROR 'low pressure'")
    func lowPressureTrips() throws {
        var pump = try Self.pressurised()
        pump.input(.linePressure, false, at: t(300))
        pump.advance(to: t(301.9))
        #expect(!pump.reported("low_pressure_detected"))
        pump.advance(to: t(302))
        #expect(pump.reports("low_pressure_detected").map(\.at) == [t(302)])
        #expect(pump.phase == .reducingRPM)
        #expect(pump.reports("rpm_reduced").last?.event["reason"] == "low_pressure")
        pump.trigger(at: t(303))
        #expect(pump.phase == .reducingRPM, "a hazard stop cannot be cancelled by a trigger")
        pump.advance(to: t(400))
        #expect(pump.entered(.stopping) == t(307))
        #expect(pump.changes(of: .ignitionOff).map(\.at) == [t(307), t(312)], "the same stop sequence: ignition-off pulse")
        #expect(pump.entered(.error) == t(312))
        #expect(pump.state.errorReason == .lowPressure)
        #expect(!pump.reported("refill_continuing"), "a latched stop does not refill")
        #expect(!pump.outputs[.refillValve] && !pump.outputs[.ignitionOn])

        // Latched: triggers refused, no later trip changes it, survives a restart, left only by reset.
        pump.trigger(at: t(500))
        #expect(pump.phase == .error)
        #expect(pump.reports("error_state_trigger_ignored").count == 1)
        pump.restart(after: 60)
        #expect(pump.phase == .error)
        _ = pump.command(.reset, at: t(700))
        #expect(pump.phase == .idle)
    }

    @Test("a low-pressure blip shorter than PRESSURE_DEBOUNCE does nothing")
    func shortBlip() throws {
        var pump = try Self.pressurised()
        pump.input(.linePressure, false, at: t(300))
        pump.input(.linePressure, true, at: t(301.9))
        pump.input(.linePressure, false, at: t(400))
        pump.input(.linePressure, true, at: t(401))
        pump.advance(to: t(1000))
        #expect(pump.phase == .running)
        #expect(!pump.reported("low_pressure_detected"))
    }

    @Test("PRESSURE_DEBOUNCE is configurable")
    func pressureDebounceConfigured() throws {
        var pump = Driver(try pumpConfig(fitting: .linePressure, with: ["PRESSURE_DEBOUNCE": "10"]), inputs: [.linePressure: false])
        pump.send(.trigger)
        pump.input(.linePressure, true, at: t(10))
        pump.input(.linePressure, false, at: t(300))
        pump.advance(to: t(320))
        #expect(pump.reports("low_pressure_detected").map(\.at) == [t(310)])
    }

    @Test("pressure is watched continuously, not checked once (H9): a drop long after the check trips")
    func watchedContinuously() throws {
        var pump = try Self.pressurised()
        pump.input(.linePressure, false, at: t(1500))
        pump.advance(to: t(1600))
        #expect(pump.reports("low_pressure_detected").map(\.at) == [t(1502)])
        #expect(pump.phase == .error)
    }

    @Test("low pressure during the max-runtime RPM reduction still latches ERROR")
    func lowPressureDuringReduction() throws {
        var pump = try Self.pressurised()
        pump.input(.linePressure, false, at: t(1795))
        pump.advance(to: t(1900))
        #expect(pump.entered(.stopping) == t(1802), "the hazard stop comes RPM_REDUCTION_DURATION after the trip, before max runtime")
        #expect(pump.phase == .error)
        #expect(pump.state.errorReason == .lowPressure)
    }

    // MARK: Dry run

    @Test("flow sensor: no flow within MAX_DRY_RUN_TIME of RUNNING → stop sequence and latched ERROR 'dry run'")
    func dryRunNoFlow() throws {
        var pump = Driver(try pumpConfig(fitting: .flowSensor), inputs: [.flowSensor: false])
        pump.send(.trigger)
        pump.advance(to: t(306.9))
        #expect(pump.phase == .running)
        pump.advance(to: t(307))
        #expect(pump.reports("dry_run_protection_triggered").map(\.at) == [t(307)])
        #expect(pump.reports("dry_run_protection_triggered").first?.event.fields == [.field("dry_run_time", 300), .field("max_allowed", 300)])
        pump.advance(to: t(400))
        #expect(pump.entered(.stopping) == t(312))
        #expect(pump.changes(of: .ignitionOff).map(\.at) == [t(312), t(317)])
        #expect(pump.phase == .error)
        #expect(pump.state.errorReason == .dryRun)
        #expect(pump.outputs[.mainValve], "no deadhead: the main valve closes only after VALVE_CLOSE_DELAY (H1)")
        pump.advance(to: t(912))
        #expect(!pump.outputs[.mainValve])
    }

    @Test("flow seen, then lost for longer than MAX_DRY_RUN_TIME, trips; lost for less does not")
    func dryRunFlowLost() throws {
        var pump = Driver(try pumpConfig(fitting: .flowSensor), inputs: [.flowSensor: false])
        pump.send(.trigger)
        pump.input(.flowSensor, true, at: t(20))
        pump.input(.flowSensor, false, at: t(500))
        pump.input(.flowSensor, true, at: t(799))
        pump.advance(to: t(1000))
        #expect(pump.phase == .running, "flow came back 299 s after it was lost")
        pump.input(.flowSensor, false, at: t(1000))
        pump.advance(to: t(1400))
        #expect(pump.reports("dry_run_protection_triggered").map(\.at) == [t(1300)], "300 s after the flow was lost (not after the debounce)")
        #expect(pump.reports("dry_run_protection_triggered").first?.event.fields == [.field("dry_run_time", 300), .field("max_allowed", 300)],
                "dry_run_time counts from the loss of flow, not from RUNNING")
        #expect(pump.phase == .error)
    }

    @Test("MAX_DRY_RUN_TIME is configurable")
    func dryRunConfigured() throws {
        var pump = Driver(try pumpConfig(fitting: .flowSensor, with: ["MAX_DRY_RUN_TIME": "45"]), inputs: [.flowSensor: false])
        pump.send(.trigger)
        pump.advance(to: t(100))
        #expect(pump.reports("dry_run_protection_triggered").map(\.at) == [t(52)])
    }

    @Test("dry-run protection works on every run, not only the first (C2)")
    func dryRunEveryRun() throws {
        var pump = Driver(try pumpConfig(fitting: .flowSensor, with: ["FIRE_OFF_DELAY": "100", "MAX_DRY_RUN_TIME": "30"]), inputs: [.flowSensor: false])
        // Run 1: water flows, normal fire-off stop.
        pump.send(.trigger)
        pump.input(.flowSensor, true, at: t(10))
        pump.advance(to: t(115))
        #expect(pump.phase == .refilling)
        pump.input(.flowSensor, false, at: t(116))
        _ = pump.command(.reset, at: t(120))
        // Run 2: no water.
        pump.trigger(at: t(200))
        pump.advance(to: t(600))
        #expect(pump.reports("dry_run_protection_triggered").map(\.at) == [t(237)])
        #expect(pump.phase == .error)
        // Run 3, after reset: trips again.
        _ = pump.command(.reset, at: t(700))
        pump.trigger(at: t(800))
        pump.advance(to: t(1200))
        #expect(pump.reports("dry_run_protection_triggered").map(\.at) == [t(237), t(837)])
    }

    @Test("no flow sensor: line pressure is the flow proxy for dry-run protection")
    func pressureAsFlowProxy() throws {
        var pump = Driver(try pumpConfig(fitting: .linePressure, with: ["MAX_DRY_RUN_TIME": "30"]), inputs: [.linePressure: false])
        pump.send(.trigger)
        pump.advance(to: t(100))
        #expect(pump.reports("dry_run_protection_triggered").map(\.at) == [t(37)])
        #expect(pump.phase == .error)
        #expect(pump.state.errorReason == .dryRun)

        var flowing = Driver(try pumpConfig(fitting: .linePressure, with: ["MAX_DRY_RUN_TIME": "30"]), inputs: [.linePressure: false])
        flowing.send(.trigger)
        flowing.input(.linePressure, true, at: t(20))
        flowing.advance(to: t(1000))
        #expect(flowing.phase == .running)
        #expect(!flowing.reported("dry_run_protection_triggered"))
    }

    @Test("with a flow sensor fitted, pressure is not the dry-run proxy")
    func flowSensorWinsOverPressure() throws {
        var pump = Driver(try pumpConfig(fitting: .flowSensor, .linePressure, with: ["MAX_DRY_RUN_TIME": "30"]), inputs: [.flowSensor: false, .linePressure: false])
        pump.send(.trigger)
        pump.input(.flowSensor, true, at: t(10))
        pump.advance(to: t(200))
        #expect(pump.phase == .running, "flow is present; no pressure yet is not a dry run")
    }

    // MARK: Low reservoir

    @Test("low reservoir in IDLE blocks a trigger with trigger_blocked_low_reservoir; nothing is driven")
    func lowReservoirBlocksStart() throws {
        var pump = Driver(try pumpConfig(fitting: .reservoirLow), inputs: [.reservoirLow: true])
        let actions = pump.send(.trigger)
        #expect(actions == [.event("trigger_blocked_low_reservoir")])
        #expect(pump.phase == .idle)
        pump.input(.reservoirLow, false, at: t(10))
        pump.trigger(at: t(11))
        #expect(pump.phase == .priming, "a full-enough tank (after the debounce) allows the start")
    }

    @Test("a low-reservoir switch that is not read at boot (broken wire) reads empty")
    func lowReservoirBrokenWire() throws {
        var pump = Driver(try pumpConfig(fitting: .reservoirLow), inputs: [:])
        pump.send(.trigger)
        #expect(pump.phase == .idle)
        #expect(pump.reported("trigger_blocked_low_reservoir"))
    }

    @Test("bypass_start overrides the low-reservoir block")
    func bypassOverridesLowReservoir() throws {
        var pump = Driver(try pumpConfig(fitting: .reservoirLow), inputs: [.reservoirLow: true])
        let actions = pump.send(.command(.bypassStart))
        #expect(actions.first == .phase(.idle, .priming))
        #expect(actions.compactMap(\.reportedEvent).map(\.name).prefix(2) == ["emergency_bypass_start", "pump_sequence_start"])
        pump.advance(to: t(100))
        #expect(pump.phase == .running)
    }

    @Test("tank empty while running (past the debounce): stop sequence without a latch, then refill and cooldown")
    func lowReservoirStopsRun() throws {
        var pump = Driver(try pumpConfig(fitting: .reservoirLow, with: ["REFILL_MULTIPLIER": "1"]), inputs: [.reservoirLow: false])
        pump.send(.trigger)
        pump.input(.reservoirLow, true, at: t(100))
        pump.advance(to: t(100.4))
        #expect(pump.phase == .running)
        pump.advance(to: t(100.5))
        #expect(pump.reports("low_reservoir_detected").map(\.at) == [t(100.5)])
        #expect(pump.reports("rpm_reduced").last?.event["reason"] == "low_reservoir")
        pump.advance(to: t(111))
        #expect(pump.entered(.stopping) == t(105.5))
        #expect(pump.phase == .refilling)
        pump.advance(to: t(400))
        #expect(pump.phase == .idle, "no latch")
        pump.trigger(at: t(401))
        #expect(pump.reported("trigger_blocked_low_reservoir"), "still empty: the start is blocked")
    }

    @Test("tank empty during the pre-open delay stops at once")
    func lowReservoirDuringPriming() throws {
        var pump = Driver(try pumpConfig(fitting: .reservoirLow, with: ["PRE_OPEN_DELAY": "10"]), inputs: [.reservoirLow: false])
        pump.send(.trigger)
        pump.input(.reservoirLow, true, at: t(1))
        pump.advance(to: t(1.5))
        #expect(pump.phase == .stopping)
        #expect(pump.changes(of: .ignitionStart).isEmpty, "never cranked")
    }

    @Test("a low-reservoir glitch shorter than INPUT_DEBOUNCE does nothing")
    func lowReservoirGlitch() throws {
        var pump = Driver(try pumpConfig(fitting: .reservoirLow), inputs: [.reservoirLow: false])
        pump.send(.trigger)
        pump.input(.reservoirLow, true, at: t(100))
        pump.input(.reservoirLow, false, at: t(100.3))
        pump.advance(to: t(1000))
        #expect(pump.phase == .running)
    }
}
