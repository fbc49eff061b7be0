import FirepumpCore
import FirepumpMQTT
import FirepumpSettings
import FirepumpTestSupport
import Foundation
import Testing

/// Issue 3, item 5 (in process): the retained availability topic reads `online` as soon as the
/// daemon connects (and again, freshly stamped, after every reconnect), and a graceful shutdown
/// publishes `offline` itself, last, and disconnects cleanly (so the broker has no will to
/// publish). The unclean case, the will, is in ``ProcessTests``.
@Suite("Availability: online birth and offline on a clean exit", .timeLimit(.minutes(1)))
struct AvailabilityTests {
    @Test("online is retained on connect; a graceful shutdown publishes offline after its last event and sends DISCONNECT")
    func birthAndCleanExit() async throws {
        try await withBroker { broker, observer in
            let daemon = try DaemonUnderTest(port: broker.port)
            let topics = daemon.topics
            let clientID = try #require(daemon.config.mqtt.clientID)
            do {
                let online = try await observer.message(on: topics.availability, where: "status", is: "online", after: 0)
                #expect(online.json?["host"]?.stringValue == daemon.host)
                #expect(iso8601Date(online.json?["timestamp"]?.stringValue ?? "") != nil, "\(online.json?.serialized ?? "")")
                try await expectRetained(status: "online", on: topics.availability, port: broker.port)
            } catch {
                try? await daemon.stop()
                throw error
            }

            let mark = await observer.log.mark
            try await daemon.stop()
            try await observer.event("controller_shutdown", on: topics.telemetry, after: mark)
            let offline = try await observer.message(on: topics.availability, where: "status", is: "offline", after: mark)
            #expect(offline.json?["host"]?.stringValue == daemon.host)
            let afterShutdown = await observer.log.messages(after: mark).filter { $0.topic.hasPrefix(topics.telemetry) }
            #expect(afterShutdown.last?.topic == topics.availability, "offline must be the daemon's last word: \(afterShutdown.map(\.topic))")
            try await waitUntil("the broker to log a clean disconnect", context: { broker.log }) {
                broker.log.contains("Client \(clientID) disconnected.")
            }
            #expect(!broker.log.contains("Client \(clientID) closed its connection"), "\(broker.log)")
            try await expectRetained(status: "offline", on: topics.availability, port: broker.port)
        }
    }

    @Test("after the broker restarts, online is published again, stamped with the time of that connection")
    func birthAgainOnReconnect() async throws {
        try await withBrokerAndDaemon { broker, observer, daemon in
            let topics = daemon.topics
            let first = try await observer.message(on: topics.availability, where: "status", is: "online", after: 0)
            broker.kill()
            // Long enough that a stale timestamp cannot pass for a fresh one.
            try await waitUntil("2 s with the broker down", within: .seconds(5)) { daemon.now > 2.5 }
            let restart = await observer.log.mark
            let restartedAt = Date()
            try broker.start()
            let again = try await observer.message(on: topics.availability, where: "status", is: "online", after: restart, within: .seconds(20))
            let stamped = iso8601Date(again.json?["timestamp"]?.stringValue ?? "")
            #expect(stamped.map { $0.timeIntervalSince(restartedAt) > -0.5 } == true,
                    "online after the reconnect says \(again.json?["timestamp"]?.stringValue ?? "nothing"), the first said \(first.json?["timestamp"]?.stringValue ?? "nothing"); the broker came back at \(restartedAt)")
        }
    }
}
