import FirepumpCore
import FirepumpHAL
import FirepumpMQTT
import FirepumpTestSupport
import Foundation
import Testing

/// Issue 3, item 7: a health report every `HEALTH_INTERVAL`, with the reference's fields and
/// real values: `uptime` in seconds since start (the reference sent the epoch time), growing by
/// the interval, and `last_trigger` the wall-clock time of the last trigger.
@Suite("Health reports", .timeLimit(.minutes(1)))
struct HealthReportTests {
    @Test("HEALTH_INTERVAL=1: a report each second with increasing real uptime, mock mode said loudly, last_trigger set by a trigger")
    func healthEveryInterval() async throws {
        try await withBrokerAndDaemon(settings: ["HEALTH_INTERVAL": "1"]) { _, observer, daemon in
            let telemetry = daemon.topics.telemetry
            var reports: [JSONValue] = []
            var mark = 0
            for _ in 0..<3 {
                let (report, next) = try await observer.positionedEvent("health_report", on: telemetry, after: mark, within: .seconds(5))
                mark = next
                reports.append(report)
                expectEnvelope(report, action: "health_report", host: daemon.host, state: "IDLE", maxUptime: daemon.now)
            }
            let uptimes = reports.compactMap { $0["uptime"]?.numberValue }
            #expect(uptimes.count == 3)
            #expect(abs(uptimes[0] - 1) < 0.75, "the first report comes one interval after start: \(uptimes)")
            for (earlier, later) in zip(uptimes, uptimes.dropFirst()) {
                #expect(abs(later - earlier - 1) < 0.75, "one interval apart: \(uptimes)")
            }

            let first = reports[0]
            #expect(first["state"]?.stringValue == "IDLE")
            #expect(first["last_trigger"]?.numberValue == 0)
            #expect(first["hardware"]?["simulation_mode"] == .bool(true))
            #expect(first["hardware"]?["gpio_available"] == .bool(false))
            #expect(first["dry_run_protection"]?["enabled"] == .bool(false), "no flow or pressure input is fitted")
            #expect(first["pin_states"]?["state"]?.stringValue == "IDLE")
            #expect(first["critical_warnings"]?.serialized.contains(#""SIMULATION_MODE_ACTIVE""#) == true, "\(first.serialized)")
            for key in ["total_runtime", "current_runtime", "refill_complete", "low_pressure_detected", "safety_features"] {
                #expect(first[key] != nil, "\(key) missing: \(first.serialized)")
            }

            // A trigger shows up in the next report: the state and when it came, in epoch seconds.
            let triggered = Date().timeIntervalSince1970
            let before = await observer.log.mark
            try observer.publish(daemon.topics.trigger, #"{"action":"trigger"}"#)
            try await observer.event("pump_sequence_start", on: telemetry, after: before)
            let running = try await observer.event("health_report", on: telemetry, after: await observer.log.mark, within: .seconds(5))
            #expect(running["state"]?.stringValue == "PRIMING")
            let lastTrigger = running["last_trigger"]?.numberValue ?? 0
            #expect(abs(lastTrigger - triggered) < 5, "last_trigger \(lastTrigger), trigger sent at \(triggered)")
        }
    }
}
