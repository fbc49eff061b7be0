import FirepumpCore
import FirepumpHAL
import FirepumpMQTT
import FirepumpSettings
import FirepumpTestSupport
import Foundation
import Testing

/// Issue 3, item 6: a broker that requires client certificates. With the right CA and a client
/// certificate the daemon connects and obeys a trigger. With a CA that did not sign the broker's
/// certificate it never connects, so it publishes nothing; the pump still answers its local
/// button, and the log says why the broker was refused.
@Suite("TLS with client certificates", .timeLimit(.minutes(1)))
struct TLSTests {
    /// The daemon's TLS settings, trusting `caFile`.
    static func daemonTLS(_ certificates: TestCertificates, caFile: String) -> [String: String] {
        [
            "MQTT_TLS": "true", "TLS_CA_PATH": caFile,
            "TLS_CERT_PATH": certificates.clientCertFile, "TLS_KEY_PATH": certificates.clientKeyFile,
        ]
    }

    /// A broker that requires a client certificate signed by the CA of `certificates`.
    static func tlsBroker(_ certificates: TestCertificates) -> MosquittoBroker.Configuration {
        .init(tls: .init(certificates, requireCertificate: true))
    }

    /// Runs `body` with fresh certificates, a ``tlsBroker(_:)``, an observer with the right CA
    /// and the client certificate, and a daemon with the client certificate that trusts the CA
    /// at `ca`, `settings` on top.
    static func withTLSDaemon(
        trusting ca: KeyPath<TestCertificates, String>, settings: [String: String] = [:],
        _ body: (MosquittoBroker, Observer, DaemonUnderTest) async throws -> Void
    ) async throws {
        let certificates = try TestCertificates()
        defer { withExtendedLifetime(certificates) {} }
        try await withBrokerAndDaemon(
            tlsBroker(certificates),
            observer: { options in
                options.tls = MQTTTLSOptions(
                    caFile: certificates.caFile, certFile: certificates.clientCertFile, keyFile: certificates.clientKeyFile)
            },
            settings: daemonTLS(certificates, caFile: certificates[keyPath: ca]).merging(settings) { _, new in new }, body)
    }

    @Test("with the CA and a client certificate the daemon connects over TLS and a trigger starts the pump")
    func clientCertificateConnects() async throws {
        try await Self.withTLSDaemon(trusting: \.caFile) { _, observer, daemon in
            try await observer.waitUntilConnectedAndTriggered(daemon)
            try await observer.event("pump_sequence_start", on: daemon.topics.telemetry, after: 0)
        }
    }

    @Test("with a wrong CA the daemon never connects and publishes nothing, yet the pump answers its button")
    func wrongCANeverConnects() async throws {
        let button = ["EMERGENCY_BUTTON_PIN": "5", "INPUT_DEBOUNCE": "0"]
        try await Self.withTLSDaemon(trusting: \.otherCAFile, settings: button) { broker, observer, daemon in
            let clientID = try #require(daemon.config.mqtt.clientID)
            // Two refused handshakes: the daemon tried, failed, and is retrying.
            try await waitUntil("two refused TLS handshakes", context: { broker.log }) {
                broker.log.components(separatedBy: "unknown ca").count > 2
            }
            // The button (active low, pulled up) is pressed: a local trigger.
            daemon.pins.setInputLevel(line: 5, .low)
            try await daemon.waitForOutputs([.mainValve, .primingValve, .refillValve])
            daemon.pins.setInputLevel(line: 5, nil)

            #expect(!broker.log.contains(clientID), "the daemon got in:\n\(broker.log)")
            await observer.expectNothingPublished(by: daemon)
        }
    }

    @Test("the executable with a wrong CA keeps running and logs that the broker's certificate failed verification")
    func wrongCAIsLoggedClearly() async throws {
        let certificates = try TestCertificates()
        defer { withExtendedLifetime(certificates) {} }
        let broker = try MosquittoBroker(Self.tlsBroker(certificates))
        defer { broker.stop() }
        try await withMockFirepump(port: broker.port, settings: Self.daemonTLS(certificates, caFile: certificates.otherCAFile)) { child, _ in
            try await waitUntil("the log to name the TLS failure", context: { child.output }) {
                child.output.contains("certificate verify failed")
            }
            #expect(child.isRunning, "\(child.output)")
            child.send(SIGTERM)
            #expect(try await child.waitForEnd() == .exited(0), "\(child.output)")
        }
    }
}
