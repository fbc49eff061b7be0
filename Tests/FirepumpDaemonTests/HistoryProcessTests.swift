import FirepumpCore
import FirepumpDaemon
import FirepumpMQTT
import FirepumpRuntime
import FirepumpSettings
import FirepumpTestSupport
import Foundation
import Testing

/// Issue 10 item 4 with the real executable: `kill -9` in the middle of a run, with a record torn
/// mid-write at the end of the history file, then a start from the same files.
@Suite("The run history across kill -9", .timeLimit(.minutes(1)))
struct HistoryProcessTests {
    static let topics = Topics(MQTTConfig(), host: hostName())

    @Test("kill -9 mid-run: the torn record is cut, the earlier run stays, the interrupted run is one record noting the restart")
    func killMidRun() async throws {
        let directory = try TemporaryDirectory(prefix: "history-kill")
        let historyPath = directory.path + "/history.jsonl"
        try await withBroker { broker, observer in
            try await withMockFirepump(port: broker.port, in: directory) { child, _ in
                try await observer.event("mqtt_connected", on: Self.topics.telemetry, after: 0, within: .seconds(15))
                try observer.publish(Self.topics.trigger, #"{"action":"trigger"}"#)
                try await observer.message(on: Self.topics.state, where: "state", is: "PRIMING", after: 0)
                try observer.publish(Self.topics.emergency, "stop")
                try await observer.message(on: Self.topics.lastRun, where: "stop_reason", is: "emergency_stop", after: 0)
                try await observer.message(on: Self.topics.state, where: "state", is: "LOCKOUT", after: 0)
                let mark = await observer.log.mark
                try observer.publish(Self.topics.emergency, "reset")
                try await observer.event("emergency_reset", on: Self.topics.telemetry, after: mark)
                try observer.publish(Self.topics.trigger, #"{"action":"trigger"}"#)
                try await observer.message(on: Self.topics.state, where: "state", is: "PRIMING", after: mark)
                // A record torn mid-write, as a kill during an append leaves it.
                let torn = HistoryCodec.line(RunRecord(id: 99, kind: .fire, source: .trigger, start: WallInstant(secondsSinceEpoch: 1)))
                let file = try #require(FileHandle(forWritingAtPath: historyPath))
                try file.seekToEnd()
                try file.write(contentsOf: Data(torn.prefix(torn.count / 2)))
                try file.close()
                child.send(SIGKILL)
                #expect(try await child.waitForEnd() == .signalled(SIGKILL))
            }
            let restartMark = await observer.log.mark
            try await withMockFirepump(port: broker.port, in: directory) { child, _ in
                let connected = try await observer.event("mqtt_connected", on: Self.topics.telemetry, after: restartMark, within: .seconds(15))
                #expect(connected["system_state"]?["state"] == "PRIMING", "the run was resumed")
                let stopMark = await observer.log.mark
                try observer.publish(Self.topics.emergency, "stop")
                let lastRunTopic = Self.topics.lastRun
                let event = try await observer.log.first("last_run of run 2", after: stopMark) { event in
                    event.message?.topic == lastRunTopic && event.message?.json?["id"] == 2
                }
                let lastRun = try #require(event.message?.json)
                #expect(lastRun["restarts"] == 1 && lastRun["stop_reason"] == "emergency_stop", "\(lastRun.serialized)")
                #expect(lastRun["counters"]?["runs"] == 2)
                let reading = try FileHistoryStore(path: historyPath).read()
                #expect(reading.records.map(\.id) == [1, 2], "\(child.output)")
                #expect(reading.records.map(\.restarts) == [0, 1])
                #expect(reading.tornBytes == 0 && reading.skipped.isEmpty, "the torn record was cut before the append")
            }
        }
    }
}
