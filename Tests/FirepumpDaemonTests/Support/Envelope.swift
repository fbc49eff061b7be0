import FirepumpCore
import Foundation
import Testing

/// Checks that `event` is in the reference's telemetry envelope (reference §4.5, docs/mqtt.md):
/// `host`, an ISO-8601 UTC `timestamp` of about now, `action`, `gpio_available` (false: mock
/// pins), `system_state` with the state and the output levels as booleans, and a real `uptime`
/// (seconds since start, at most `maxUptime`; the reference sent the epoch time).
func expectEnvelope(
    _ event: JSONValue, action: String, host: String, state: String, maxUptime: Double,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(event["host"]?.stringValue == host, "host", sourceLocation: sourceLocation)
    #expect(event["action"]?.stringValue == action, "action", sourceLocation: sourceLocation)
    #expect(event["gpio_available"] == .bool(false), "gpio_available", sourceLocation: sourceLocation)
    let timestamp = event["timestamp"]?.stringValue ?? ""
    let parsed = iso8601Date(timestamp)
    #expect(timestamp.hasSuffix("Z") && parsed != nil, "timestamp \(timestamp)", sourceLocation: sourceLocation)
    if let parsed {
        #expect(abs(parsed.timeIntervalSinceNow) < 60, "timestamp \(timestamp) is not now", sourceLocation: sourceLocation)
    }
    let uptime = event["uptime"]?.numberValue ?? -1
    #expect(uptime >= 0 && uptime <= maxUptime, "uptime \(uptime) (at most \(maxUptime))", sourceLocation: sourceLocation)
    let system = event["system_state"] ?? .null
    #expect(system["state"]?.stringValue == state, "system_state.state", sourceLocation: sourceLocation)
    for key in ["engine_on", "main_valve", "refill_valve", "priming_valve", "rpm_reduced", "shutting_down", "refill_complete"] {
        #expect(system[key]?.boolValue != nil, "system_state.\(key) is not a boolean", sourceLocation: sourceLocation)
    }
    for key in ["total_runtime", "current_runtime"] {
        #expect(system[key]?.numberValue != nil, "system_state.\(key) is not a number", sourceLocation: sourceLocation)
    }
    if case .array = system["active_timers"] ?? .null {} else {
        Issue.record("system_state.active_timers is not an array", sourceLocation: sourceLocation)
    }
}

/// The output levels of an event's `system_state` that are on.
func outputsReported(_ event: JSONValue) -> Set<String> {
    let system = event["system_state"] ?? .null
    return Set(["engine_on", "main_valve", "refill_valve", "priming_valve", "rpm_reduced"].filter { system[$0] == .bool(true) })
}

/// `2026-11-25T06:00:07.000Z` (with or without fractional seconds) as a date.
func iso8601Date(_ text: String) -> Date? {
    let fractional = ISO8601DateFormatter()
    fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return fractional.date(from: text) ?? ISO8601DateFormatter().date(from: text)
}
