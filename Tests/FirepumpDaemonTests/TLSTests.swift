import FirepumpCore
import FirepumpHAL
import FirepumpMQTT
import FirepumpTestSupport
import Foundation
import Testing

/// Issue 3, item 6: a broker that requires client certificates. With the right CA and a client
/// certificate the daemon connects and obeys a trigger. With a CA that did not sign the broker's
/// certificate it never connects, so it publishes nothing; the pump still answers its local
/// button, and the log says why the broker was refused.
@Suite("TLS with client certificates", .timeLimit(.minutes(1)))
struct TLSTests {
    /// The observer's TLS: the right CA and the client certificate.
    static func observerTLS(_ certificates: TestCertificates) -> (inout MQTTClientOptions) -> Void {
        { $0.tls = MQTTTLSOptions(caFile: certificates.caFile, certFile: certificates.clientCertFile, keyFile: certificates.clientKeyFile) }
    }

    /// The daemon's TLS settings, trusting `caFile`.
    static func daemonTLS(_ certificates: TestCertificates, caFile: String) -> [String: String] {
        [
            "MQTT_TLS": "true", "TLS_CA_PATH": caFile,
            "TLS_CERT_PATH": certificates.clientCertFile, "TLS_KEY_PATH": certificates.clientKeyFile,
        ]
    }

    @Test("with the CA and a client certificate the daemon connects over TLS and a trigger starts the pump")
    func clientCertificateConnects() async throws {
        let certificates = try TestCertificates()
        defer { withExtendedLifetime(certificates) {} }
        let broker = try MosquittoBroker(.init(tls: .init(certificates, requireCertificate: true)))
        defer { broker.stop() }
        let observer = try await Observer.start(port: broker.port, configure: Self.observerTLS(certificates))
        defer { observer.stop() }
        try await withDaemon(port: broker.port, settings: Self.daemonTLS(certificates, caFile: certificates.caFile)) { daemon in
            try await observer.message(on: daemon.topics.availability, where: "status", is: "online", after: 0)
            try await observer.event("mqtt_connected", on: daemon.topics.telemetry, after: 0)
            try observer.publish(daemon.topics.trigger, #"{"action":"trigger"}"#)
            try await daemon.waitForOutputs([.mainValve, .primingValve, .refillValve])
            try await observer.event("pump_sequence_start", on: daemon.topics.telemetry, after: 0)
        }
    }

    @Test("with a wrong CA the daemon never connects and publishes nothing, yet the pump answers its button")
    func wrongCANeverConnects() async throws {
        let certificates = try TestCertificates()
        defer { withExtendedLifetime(certificates) {} }
        let broker = try MosquittoBroker(.init(tls: .init(certificates, requireCertificate: true)))
        defer { broker.stop() }
        let observer = try await Observer.start(port: broker.port, configure: Self.observerTLS(certificates))
        defer { observer.stop() }
        let settings = Self.daemonTLS(certificates, caFile: certificates.otherCAFile)
            .merging(["EMERGENCY_BUTTON_PIN": "5", "INPUT_DEBOUNCE": "0"]) { _, new in new }
        try await withDaemon(port: broker.port, settings: settings) { daemon in
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
            let published = await observer.log.messages().filter { $0.topic.hasPrefix(daemon.topics.telemetry) }
            #expect(published.isEmpty, "\(published.map(\.topic))")
        }
    }

    @Test("the executable with a wrong CA keeps running and logs that the broker's certificate failed verification")
    func wrongCAIsLoggedClearly() async throws {
        let certificates = try TestCertificates()
        defer { withExtendedLifetime(certificates) {} }
        let broker = try MosquittoBroker(.init(tls: .init(certificates, requireCertificate: true)))
        defer { broker.stop() }
        let state = try TemporaryDirectory(prefix: "child-state")
        defer { withExtendedLifetime(state) {} }
        let (child, _) = try ChildFirepump.runMock(
            port: broker.port, stateDirectory: state, settings: Self.daemonTLS(certificates, caFile: certificates.otherCAFile))
        defer { child.kill() }
        try await waitUntil("the log to name the TLS failure", context: { child.output }) {
            child.output.contains("certificate verify failed")
        }
        #expect(child.isRunning, "\(child.output)")
        child.send(SIGTERM)
        #expect(try await child.waitForEnd() == .exited(0), "\(child.output)")
    }
}
