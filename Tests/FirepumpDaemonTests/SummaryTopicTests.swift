import FirepumpCore
import FirepumpHAL
import FirepumpMQTT
import FirepumpRuntime
import FirepumpSettings
import FirepumpTestSupport
import Testing

/// Issue 10 items 3 and 4 on a real broker: the retained `trouble` and `last_run` topics give a
/// subscriber that connects after the fact the current troubles and the last finished run.
@Suite("Retained trouble and last_run topics", .timeLimit(.minutes(1)))
struct SummaryTopicTests {
    /// The retained message a new subscriber of `topic` receives at once.
    static func retained(on topic: String, port: Int) async throws -> JSONValue {
        let late = try await Observer.start(port: port, name: "late")
        defer { late.stop() }
        let message = try await late.log.firstMessage(on: topic)
        #expect(message.retain, "\(topic) is not retained")
        return try #require(message.json, "\(topic) carries JSON")
    }

    @Test("a late subscriber sees the troubles as they are (none, then a failing relay) and the last run with its counters")
    func lateSubscriberSeesCurrentValues() async throws {
        try await withBrokerAndDaemon { broker, observer, daemon in
            let topics = daemon.topics
            try await observer.message(on: topics.availability, where: "status", is: "online", after: 0)
            _ = try await observer.log.firstMessage(on: topics.trouble)
            #expect(try await Self.retained(on: topics.trouble, port: broker.port)["troubles"] == .array([]))

            daemon.pins.failWrites(line: daemon.line(.refillValve), errno: 5)
            let mark = await observer.log.mark
            try observer.publish(topics.trigger, #"{"action":"trigger"}"#)
            try await observer.event("trouble_raised", on: topics.telemetry, after: mark)
            _ = try await observer.log.firstMessage(on: topics.trouble, after: mark)
            let troubles = try await Self.retained(on: topics.trouble, port: broker.port)
            #expect(troubles["host"]?.stringValue == daemon.host)
            guard case .array(let list) = troubles["troubles"], let first = list.first else {
                Issue.record("no trouble listed: \(troubles.serialized)")
                return
            }
            #expect(list.count == 1)
            #expect(first["trouble"] == "output_write_failing" && first["subject"] == "refill_valve")
            #expect(iso8601Date(first["since"]?.stringValue ?? "") != nil, "\(first.serialized)")

            try observer.publish(topics.emergency, "stop")
            _ = try await observer.message(on: topics.lastRun, where: "stop_reason", is: "emergency_stop", after: mark)
            let lastRun = try await Self.retained(on: topics.lastRun, port: broker.port)
            #expect(lastRun["id"] == 1 && lastRun["kind"] == "fire" && lastRun["source"] == "trigger")
            #expect(lastRun["stop_reason"] == "emergency_stop" && lastRun["runtime"] == 0)
            #expect(lastRun["alarms"] == .array(["output_write_failing:refill_valve"]))
            #expect(lastRun["counters"]?["runs"] == 1 && lastRun["counters"]?["starts"] == 0)
            #expect(iso8601Date(lastRun["start"]?.stringValue ?? "") != nil && iso8601Date(lastRun["end"]?.stringValue ?? "") != nil)

            let records = try FileHistoryStore(path: daemon.config.historyPath).read().records
            #expect(records.map(\.stopReason) == [.emergencyStop], "the run is in the history file beside the state file")
            #expect(daemon.config.historyPath == daemon.directory.path + "/history.jsonl")
        }
    }
}
