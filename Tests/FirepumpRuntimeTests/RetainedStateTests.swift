import FirepumpCore
import FirepumpHAL
import FirepumpRuntime
import Testing

/// The retained state topic as dashboards (Home Assistant, issue 8 item 4) read it: keys that are
/// always present, and never stale while nothing else is published.
@Suite("The retained state topic")
struct RetainedStateTests {
    static let topic = "system/trigger_telemetry/test-host/state"

    /// The state payloads published so far.
    private func states(_ bench: Bench) -> [JSONValue] {
        bench.transport.publishes.filter { $0.topic == Self.topic }.map(\.payload)
    }

    @Test("it carries last_trigger_at (ISO-8601 UTC, null before any), error_reason (null outside ERROR) and the fitted inputs")
    func alwaysPresentKeys() throws {
        let bench = try Bench(settings: ["RESERVOIR_FLOAT_PIN": "5", "ENGINE_RUNNING_PIN": "19", "CRANK_REST": "1", "MAX_CRANK_ATTEMPTS": "1"])
        try bench.controller.start(at: .zero) { _, _ in }
        bench.controller.connected(at: .zero)
        let idle = try #require(states(bench).last)
        #expect(idle["last_trigger_at"] == .null && idle["error_reason"] == .null)
        #expect(idle["inputs"] == .object([.init("reservoir_float", false), .init("engine_running", false)]))
        bench.advance(to: 10)
        bench.controller.handle(.trigger, at: Instant(seconds: 10))
        let priming = try #require(states(bench).last)
        #expect(priming["last_trigger_at"] == .string(iso8601(epochSeconds: bench.wallAtZero + 10)))
        bench.advance(to: 60)
        let failed = try #require(states(bench).last)
        #expect(failed["state"] == "ERROR" && failed["error_reason"] == "fail to start", "\(failed.serialized)")
    }

    @Test("published again when a valve closes within RUNNING, and every HEALTH_INTERVAL while the engine runs; not while idle")
    func republished() throws {
        let bench = try Bench(settings: ["HEALTH_INTERVAL": "30"])
        try bench.controller.start(at: .zero) { _, _ in }
        bench.controller.connected(at: .zero)
        bench.advance(to: 300)
        #expect(states(bench).count == 1, "idle: only the connect's state")
        bench.controller.handle(.trigger, at: Instant(seconds: 300))
        bench.advance(to: 307.5)
        let running = states(bench).count
        #expect(states(bench).last?["state"] == "RUNNING")
        bench.advance(to: 487.5)
        let sinceRunning = states(bench).dropFirst(running)
        let runtimes = sinceRunning.compactMap { $0["system_state"]?["current_runtime"]?.numberValue }
        #expect(runtimes == [23, 53, 83, 113, 143, 173, 180], "\(runtimes)")
        #expect(sinceRunning.last?["system_state"]?["priming_valve"] == .bool(false), "the priming valve closed at RUNNING + 180 s")
    }
}

extension JSONValue {
    fileprivate var numberValue: Double? {
        if case .number(let value) = self { return value }
        return nil
    }
}
