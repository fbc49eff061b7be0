import FirepumpCore
import FirepumpHAL
import FirepumpMQTT
import FirepumpTestSupport
import Foundation
import Testing

/// Issue 3, item 6: `MQTT_USERNAME` and `MQTT_PASSWORD` against a broker with a password file
/// and no anonymous access.
@Suite("User name and password", .timeLimit(.minutes(1)))
struct AuthenticationTests {
    static func passwordFile() throws -> TestPasswordFile {
        try TestPasswordFile(users: [(user: "pump", password: "right-secret"), (user: "observer", password: "observer-secret")])
    }

    static func observerLogin(_ options: inout MQTTClientOptions) {
        options.username = "observer"
        options.password = "observer-secret"
    }

    @Test("the right password connects: online, mqtt_connected, and a trigger starts the pump")
    func rightPasswordWorks() async throws {
        let passwords = try Self.passwordFile()
        defer { withExtendedLifetime(passwords) {} }
        let broker = try MosquittoBroker(.init(passwordFile: passwords.path, allowAnonymous: false))
        defer { broker.stop() }
        let observer = try await Observer.start(port: broker.port, configure: Self.observerLogin)
        defer { observer.stop() }
        try await withDaemon(port: broker.port, settings: ["MQTT_USERNAME": "pump", "MQTT_PASSWORD": "right-secret"]) { daemon in
            try await observer.message(on: daemon.topics.availability, where: "status", is: "online", after: 0)
            try await observer.event("mqtt_connected", on: daemon.topics.telemetry, after: 0)
            try observer.publish(daemon.topics.trigger, #"{"action":"trigger"}"#)
            try await daemon.waitForOutputs([.mainValve, .primingValve, .refillValve])
        }
    }

    @Test("a wrong password is refused by the broker, again on every retry, and the daemon publishes nothing")
    func wrongPasswordIsRefused() async throws {
        let passwords = try Self.passwordFile()
        defer { withExtendedLifetime(passwords) {} }
        let broker = try MosquittoBroker(.init(passwordFile: passwords.path, allowAnonymous: false))
        defer { broker.stop() }
        let observer = try await Observer.start(port: broker.port, configure: Self.observerLogin)
        defer { observer.stop() }
        try await withDaemon(port: broker.port, settings: ["MQTT_USERNAME": "pump", "MQTT_PASSWORD": "wrong"]) { daemon in
            // mosquitto names a refused client <unknown>; the observer got in, so these are the daemon's.
            try await waitUntil("two refusals", context: { broker.log }) {
                broker.log.components(separatedBy: "disconnected, not authorised").count > 2
            }
            #expect(!daemon.hasEnded)
            let published = await observer.log.messages().filter { $0.topic.hasPrefix(daemon.topics.telemetry) }
            #expect(published.isEmpty, "\(published.map(\.topic))")
        }
    }
}
