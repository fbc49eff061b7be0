import FirepumpMQTT
import FirepumpTestSupport
import Foundation
import Testing

/// Issue 3, item 6: `MQTT_USERNAME` and `MQTT_PASSWORD` against a broker with a password file
/// and no anonymous access.
@Suite("User name and password", .timeLimit(.minutes(1)))
struct AuthenticationTests {
    /// Runs `body` with a broker that lets in only `pump` (password `right-secret`) and
    /// `observer`, an observer logged in as `observer`, and a daemon logging in as `pump` with
    /// `password`.
    static func withLoggedInDaemon(
        password: String, _ body: (MosquittoBroker, Observer, DaemonUnderTest) async throws -> Void
    ) async throws {
        let passwords = try TestPasswordFile(
            users: [(user: "pump", password: "right-secret"), (user: "observer", password: "observer-secret")])
        defer { withExtendedLifetime(passwords) {} }
        try await withBrokerAndDaemon(
            .init(passwordFile: passwords.path, allowAnonymous: false),
            observer: { options in
                options.username = "observer"
                options.password = "observer-secret"
            },
            settings: ["MQTT_USERNAME": "pump", "MQTT_PASSWORD": password], body)
    }

    @Test("the right password connects: online, mqtt_connected, and a trigger starts the pump")
    func rightPasswordWorks() async throws {
        try await Self.withLoggedInDaemon(password: "right-secret") { _, observer, daemon in
            try await observer.waitUntilConnectedAndTriggered(daemon)
        }
    }

    @Test("a wrong password is refused by the broker, again on every retry, and the daemon publishes nothing")
    func wrongPasswordIsRefused() async throws {
        try await Self.withLoggedInDaemon(password: "wrong") { broker, observer, daemon in
            // mosquitto names a refused client <unknown>; the observer got in, so these are the daemon's.
            try await waitUntil("two refusals", context: { broker.log }) {
                broker.log.components(separatedBy: "disconnected, not authorised").count > 2
            }
            #expect(!daemon.hasEnded)
            await observer.expectNothingPublished(by: daemon)
        }
    }
}
