import FirepumpCore
import FirepumpDaemon
import FirepumpMQTT
import FirepumpSettings
import FirepumpTestSupport
import Foundation
import Testing

/// Issue 12 item 1 (the real executable): a stop that could not be written to the state
/// directory still holds after `kill -9` and a restart, through the runtime copy.
@Suite("An unwritable state directory", .timeLimit(.minutes(1)))
struct StateDirectoryTests {
    static let topics = Topics(MQTTConfig(), host: hostName())

    @Test("state directory unwritable: stop, kill -9, restart: still LOCKOUT, and the start says so loudly")
    func stopSurvivesKillWithUnwritableStateDirectory() async throws {
        let directory = try TemporaryDirectory(prefix: "unwritable")
        // Directories where every state file goes (today's temporary file and both slots).
        for name in ["state.json.tmp", "state.json.0", "state.json.1"] {
            try FileManager.default.createDirectory(atPath: directory.path + "/" + name, withIntermediateDirectories: false)
        }
        try await withBroker { broker, observer in
            try await withMockFirepump(port: broker.port, in: directory) { child, _ in
                try await observer.event("mqtt_connected", on: Self.topics.telemetry, after: 0, within: .seconds(15))
                try observer.publish(Self.topics.trigger, #"{"action":"trigger"}"#)
                try await observer.message(on: Self.topics.state, where: "state", is: "PRIMING", after: 0)
                try observer.publish(Self.topics.emergency, #"{"command":"stop"}"#)
                try await observer.message(on: Self.topics.state, where: "state", is: "LOCKOUT", after: 0)
                child.send(SIGKILL)
                #expect(try await child.waitForEnd() == .signalled(SIGKILL))
                #expect(child.output.contains("STATE DIRECTORY NOT WRITABLE"), "\(child.output)")
                #expect(child.output.contains("state.json.0: Is a directory"), "\(child.output)")
            }
            let mark = await observer.log.mark
            try await withMockFirepump(port: broker.port, in: directory) { child, _ in
                try await observer.event("mqtt_connected", on: Self.topics.telemetry, after: mark, within: .seconds(15))
                let first = try await observer.message(on: Self.topics.state, where: "state", is: "LOCKOUT", after: mark, within: .seconds(5))
                #expect(await observer.messages(on: Self.topics.state, after: mark).first == first, "\(child.output)")
            }
        }
    }
}
