import FirepumpCore
import FirepumpHAL
import FirepumpRuntime
import Testing

@Suite("The effect runner")
struct PumpControllerTests {
    @Test("outputs are requested at their safe level, honouring active-low relays (C5, C8)")
    func safeBoot() throws {
        let bench = try Bench(settings: ["MAIN_VALVE_ACTIVE_LOW": "true"])
        try bench.controller.start(at: .zero) { _, _ in }
        #expect(bench.level(18) == .high, "an active-low main valve is off when high")
        #expect(bench.level(23) == .low)
        #expect(bench.pins.info(line: 18)?.direction == .output)
        // The request itself set the level: the line never went through the wrong level.
        #expect(bench.pins.history.filter { $0.line == 18 }.map(\.level) == [.high])
    }

    @Test("inputs get the pull that makes a broken wire read the alarm state (C6)")
    func failSafePulls() throws {
        let bench = try Bench(settings: [
            "RESERVOIR_FLOAT_PIN": "16", "LINE_PRESSURE_PIN": "20", "FLOW_SENSOR_PIN": "19",
            "EMERGENCY_BUTTON_PIN": "21", "RESERVOIR_LOW_PIN": "12", "ENGINE_RUNNING_PIN": "13",
        ])
        try bench.controller.start(at: .zero) { _, _ in }
        #expect(bench.pins.info(line: 16)?.pull == .up, "float (active-low = full): open reads not full")
        #expect(bench.pins.info(line: 20)?.pull == .up, "pressure (active-low = OK): open reads low pressure")
        #expect(bench.pins.info(line: 19)?.pull == .down, "flow (active-high): open reads no flow")
        #expect(bench.pins.info(line: 21)?.pull == .up, "button (active-low): open reads not pressed")
        #expect(bench.pins.info(line: 12)?.pull == .down, "low reservoir (active-low = empty): open reads empty")
        #expect(bench.pins.info(line: 13)?.pull == .down, "engine running (active-high): open reads not running")
        #expect(bench.pins.info(line: 16)?.edges == .both)
        #expect(bench.pins.info(line: 16)?.hasEdgeCallback == true)
    }

    @Test("a trigger message drives the valves and publishes the reference envelope")
    func triggerToPins() throws {
        let bench = try Bench()
        try bench.controller.start(at: .zero) { _, _ in }
        bench.controller.handleMessage(topic: "fire/trigger", payload: Array(#"{"action":"trigger"}"#.utf8), retained: false, at: .zero)
        #expect(bench.level(18) == .high && bench.level(26) == .high && bench.level(22) == .high)
        let event = try #require(bench.transport.publishes.first { $0.payload["action"] == "pump_sequence_start" })
        #expect(event.topic == "system/trigger_telemetry")
        #expect(event.payload["host"] == "test-host")
        #expect(event.payload["gpio_available"] == .bool(false))
        #expect(event.payload["system_state"]?["state"] == "PRIMING")
        #expect(event.payload["system_state"]?["main_valve"] == .bool(true))
        #expect(event.payload["timestamp"]?.stringValue?.hasSuffix("Z") == true)
        let state = try #require(bench.transport.publishes.last { $0.topic == "system/trigger_telemetry/test-host/state" })
        #expect(state.retain)
        #expect(state.payload["state"] == "PRIMING")
    }

    @Test("TOPIC_PREFIX applies to every topic, in and out")
    func prefixEverywhere() throws {
        let bench = try Bench(settings: ["TOPIC_PREFIX": "site1"])
        try bench.controller.start(at: .zero) { _, _ in }
        let trigger = Array(#"{"action":"trigger"}"#.utf8)
        bench.controller.handleMessage(topic: "fire/trigger", payload: trigger, retained: false, at: .zero)
        #expect(bench.controller.machine.state.phase == .idle, "an unprefixed topic is not ours")
        bench.controller.handleMessage(topic: "site1/fire/trigger", payload: trigger, retained: false, at: .zero)
        #expect(bench.controller.machine.state.phase == .priming)
        #expect(bench.transport.publishes.allSatisfy { $0.topic.hasPrefix("site1/") })
        #expect(bench.transport.publishes.contains { $0.topic == "site1/system/trigger_telemetry/test-host/state" })
    }

    @Test("health reports come every HEALTH_INTERVAL with real uptime")
    func health() throws {
        let bench = try Bench(settings: ["HEALTH_INTERVAL": "10"])
        try bench.controller.start(at: Instant(seconds: 100)) { _, _ in }
        bench.advance(to: 135)
        let reports = bench.transport.publishes.filter { $0.payload["action"] == "health_report" }
        #expect(reports.map { $0.payload["uptime"] } == [.number(10), .number(20), .number(30)])
        #expect(reports.first?.payload["critical_warnings"] != nil, "mock mode is announced")
        #expect(reports.first?.payload["dry_run_protection"]?["enabled"] == .bool(false), "no flow input: honest")
    }

    @Test("a failing output write becomes an event, not a crash")
    func outputFault() throws {
        let bench = try Bench()
        try bench.controller.start(at: .zero) { _, _ in }
        bench.pins.releaseAll()
        bench.controller.handle(.trigger, at: .zero)
        #expect(bench.transport.actions.contains("gpio_operation_failed"))
        #expect(bench.controller.machine.state.phase == .priming)
    }
}
