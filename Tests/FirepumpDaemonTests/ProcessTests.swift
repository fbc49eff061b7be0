import FirepumpCore
import FirepumpDaemon
import FirepumpMQTT
import FirepumpSettings
import FirepumpTestSupport
import Foundation
import Testing

/// Issue 3, item 5 (the real executable): `firepump run --mock` as a child process. Killed with
/// SIGKILL, its connection dies uncleanly and the broker publishes the retained `offline` will;
/// SIGTERM stops it cleanly with exit status 0 and `offline`; a bad setting stops it at once
/// with exit status 2 and a message naming the setting.
@Suite("The firepump executable", .timeLimit(.minutes(1)))
struct ProcessTests {
    /// The child's topics: it names itself after this machine.
    static let topics = Topics(MQTTConfig(), host: hostName())

    @Test("SIGKILL: the broker publishes the retained offline will")
    func willOnSigkill() async throws {
        try await withBroker { broker, observer in
            try await withMockFirepump(port: broker.port) { child, clientID in
                try await observer.message(on: Self.topics.availability, where: "status", is: "online", after: 0, within: .seconds(15))
                let mark = await observer.log.mark
                child.send(SIGKILL)
                #expect(try await child.waitForEnd() == .signalled(SIGKILL))

                let will = try await observer.message(on: Self.topics.availability, where: "status", is: "offline", after: mark)
                #expect(will.json?["host"]?.stringValue == hostName())
                #expect(broker.log.contains("Client \(clientID) closed its connection"), "not an unclean end:\n\(broker.log)")
                try await expectRetained(status: "offline", on: Self.topics.availability, port: broker.port)
            }
        }
    }

    @Test("SIGTERM or SIGINT during a run: the stop steps, exit status 0, retained state COOLDOWN (what the stop leaves) and availability offline", arguments: [SIGTERM, SIGINT])
    func signalExitsCleanly(signal: Int32) async throws {
        try await withBroker { broker, observer in
            try await withMockFirepump(port: broker.port) { child, clientID in
                try await observer.event("mqtt_connected", on: Self.topics.telemetry, after: 0, within: .seconds(15))
                try observer.publish(Self.topics.trigger, #"{"action":"trigger"}"#)
                try await observer.message(on: Self.topics.state, where: "state", is: "PRIMING", after: 0)
                let mark = await observer.log.mark
                child.send(signal)
                let ending = try await child.waitForEnd()
                #expect(ending == .exited(0), "\(ending?.description ?? "still running"):\n\(child.output)")

                try await observer.event("controller_shutdown", on: Self.topics.telemetry, after: mark)
                // Stopped in PRIMING, the engine never ran: no refill is owed, the cooldown is.
                try await observer.message(on: Self.topics.state, where: "state", is: "COOLDOWN", after: mark)
                try await observer.message(on: Self.topics.availability, where: "status", is: "offline", after: mark)
                // The broker may log the DISCONNECT after it forwarded the `offline` before it: poll.
                try await waitUntil("a clean DISCONNECT in the broker's log", context: { broker.log }) {
                    broker.log.contains("Client \(clientID) disconnected.")
                }
                // The mock pin driver logs each change: the ignition-off pulse was given before exiting.
                let ignitionOff = child.output.split(separator: "\n")
                    .filter { $0.contains("mock pin changed") && $0.contains("pin.line=25 ") }
                    .map { $0.contains("pin.level=high") ? "high" : "low" }
                #expect(ignitionOff == ["low", "high", "low"], "requested low, then the pulse:\n\(child.output)")
            }
        }
    }

    @Test("SIGHUP is logged and ignored: the daemon still obeys a trigger, then SIGTERM ends it cleanly (issue 12 item 8)")
    func sighupIsIgnored() async throws {
        try await withBroker { broker, observer in
            try await withMockFirepump(port: broker.port) { child, _ in
                try await observer.event("mqtt_connected", on: Self.topics.telemetry, after: 0, within: .seconds(15))
                child.send(SIGHUP)
                try await waitUntil("SIGHUP in the log", context: { child.output }) { child.output.contains("SIGHUP ignored") }
                child.send(SIGHUP)
                try await waitUntil("the second SIGHUP in the log", context: { child.output }) {
                    child.output.components(separatedBy: "SIGHUP ignored").count == 3
                }
                #expect(child.isRunning, "\(child.output)")
                try observer.publish(Self.topics.trigger, "trigger")
                try await observer.message(on: Self.topics.state, where: "state", is: "PRIMING", after: 0)
                child.send(SIGTERM)
                let ending = try await child.waitForEnd()
                #expect(ending == .exited(0), "\(ending?.description ?? "still running"):\n\(child.output)")
            }
        }
    }

    @Test("two daemons with one client id take the session from each other: each warns, naming the client id (issue 12 item 8)")
    func sharedClientIDWarns() async throws {
        let shared = ["MQTT_CLIENT_ID": "firepump-twin-\(UUID().uuidString.prefix(8))"]
        try await withBroker { broker, _ in
            try await withMockFirepump(port: broker.port, settings: shared) { first, clientID in
                try await withMockFirepump(port: broker.port, settings: shared) { second, _ in
                    for child in [first, second] {
                        try await waitUntil("the same-id warning", within: .seconds(30), context: { child.output }) {
                            child.output.contains("same client id") && child.output.contains(clientID)
                        }
                    }
                }
            }
        }
    }

    @Test("SIGTERM while the broker is unreachable: exit status 0 within 5 s")
    func sigtermWithoutBroker() async throws {
        let absent = try MosquittoBroker(start: false)  // a free port nobody listens on
        try await withMockFirepump(port: absent.port) { child, _ in
            try await waitUntil("a refused connection in the log", context: { child.output }) {
                child.output.contains("Connection refused")
            }
            child.send(SIGTERM)
            let ending = try await child.waitForEnd(within: .seconds(5))
            #expect(ending == .exited(0), "\(ending?.description ?? "still running after 5 s"):\n\(child.output)")
        }
    }

    @Test("a bad setting: exit status 2 and a message naming the setting and the value")
    func badSettingExitsWithStatus2() async throws {
        try await withMockFirepump(port: 1, settings: ["HEALTH_INTERVAL": "abc"]) { child, _ in
            let ending = try await child.waitForEnd()
            #expect(ending == .exited(2), "\(ending?.description ?? "still running"):\n\(child.output)")
            #expect(child.output.contains("HEALTH_INTERVAL"), "\(child.output)")
            #expect(child.output.contains("abc"), "\(child.output)")
        }
    }
}
