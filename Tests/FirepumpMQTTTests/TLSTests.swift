import FirepumpMQTT
import FirepumpTestSupport
import Testing

@Suite("TLS with client certificates")
struct TLSTests {
    @Test("with the right CA and a client certificate, a message round-trips over TLS")
    func clientCertificateConnects() async throws {
        let certificates = try TestCertificates()
        defer { withExtendedLifetime(certificates) {} }
        let broker = try MosquittoBroker(.init(tls: .init(certificates, requireCertificate: true)))
        defer { broker.stop() }
        let topic = uniqueTopic("tls")
        let device = try TestClient.start(port: broker.port, name: "tls") {
            $0.tls = MQTTTLSOptions(
                caFile: certificates.caFile, certFile: certificates.clientCertFile, keyFile: certificates.clientKeyFile)
            $0.subscriptions = [MQTTSubscription(topic: topic, qos: 1)]
            $0.birth = { MQTTOutgoing(topic: topic, payload: bytes("online"), qos: 1) }
        }
        defer { device.client.stop() }
        try await device.log.nextConnected()
        _ = try await device.log.nextMessage(on: topic, payload: bytes("online"))

        try device.client.publish(MQTTOutgoing(topic: topic, payload: bytes("over TLS"), qos: 1))
        let message = try await device.log.nextMessage(on: topic)
        #expect(message.payload == bytes("over TLS"))
    }

    @Test("with a CA that did not sign the broker's certificate, each attempt fails naming TLS certificate verification")
    func wrongCAFailsClearly() async throws {
        let certificates = try TestCertificates()
        defer { withExtendedLifetime(certificates) {} }
        let broker = try MosquittoBroker(.init(tls: .init(certificates, requireCertificate: true)))
        defer { broker.stop() }
        let device = try TestClient.start(port: broker.port, name: "wrong-ca") {
            $0.tls = MQTTTLSOptions(
                caFile: certificates.otherCAFile, certFile: certificates.clientCertFile,
                keyFile: certificates.clientKeyFile)
            $0.reconnectDelayMin = .milliseconds(100)
            $0.reconnectDelayMax = .milliseconds(200)
        }
        defer { device.client.stop() }

        let error = try await device.log.nextFailure()
        let text = error.description
        #expect(text.contains("TLS handshake failed"), "\(text)")
        #expect(text.contains("certificate verify failed"), "\(text)")
        #expect(text.contains("X509 verify error"), "OpenSSL's own reason is missing: \(text)")
        // libmosquitto's own loop would have ended its thread here; this client retries.
        let again = try await device.log.nextFailure(within: .seconds(5))
        #expect(again.description.contains("certificate verify failed"), "\(again)")
        #expect(await !device.log.all.contains { $0.isConnected })
    }

    @Test("without a client certificate the broker ends the TLS handshake and the error says so")
    func missingClientCertificateFailsClearly() async throws {
        let certificates = try TestCertificates()
        defer { withExtendedLifetime(certificates) {} }
        let broker = try MosquittoBroker(.init(tls: .init(certificates, requireCertificate: true)))
        defer { broker.stop() }
        let device = try TestClient.start(port: broker.port, name: "no-client-cert") {
            $0.tls = MQTTTLSOptions(caFile: certificates.caFile)
        }
        defer { device.client.stop() }

        let error = try await device.log.nextFailure()
        #expect(error.description.contains("TLS handshake failed"), "\(error)")
        #expect(error.description.contains("certificate"), "\(error)")
        #expect(await !device.log.all.contains { $0.isConnected })
    }
}
