import FirepumpMQTT
import FirepumpTestSupport
import Testing

@Suite("User name and password from a mosquitto password file")
struct AuthenticationTests {
    @Test("the right password connects")
    func rightPasswordConnects() async throws {
        let passwords = try TestPasswordFile(users: [(user: "pump", password: "right-secret")])
        defer { withExtendedLifetime(passwords) {} }
        let broker = try MosquittoBroker(.init(passwordFile: passwords.path, allowAnonymous: false))
        defer { broker.stop() }
        let device = try TestClient.start(port: broker.port, name: "auth-ok") {
            $0.username = "pump"
            $0.password = "right-secret"
        }
        defer { device.client.stop() }
        try await device.log.nextConnected()
    }

    @Test("a wrong password is refused with the broker's CONNACK reason, and retried")
    func wrongPasswordIsRefused() async throws {
        let passwords = try TestPasswordFile(users: [(user: "pump", password: "right-secret")])
        defer { withExtendedLifetime(passwords) {} }
        let broker = try MosquittoBroker(.init(passwordFile: passwords.path, allowAnonymous: false))
        defer { broker.stop() }
        let device = try TestClient.start(port: broker.port, name: "auth-bad") {
            $0.username = "pump"
            $0.password = "wrong-secret"
            $0.reconnectDelayMin = .milliseconds(100)
            $0.reconnectDelayMax = .milliseconds(200)
        }
        defer { device.client.stop() }

        let error = try await device.log.nextFailure()
        #expect(error.operation == "CONNACK")
        #expect(error.code == 5)
        #expect(error.description.contains("not authorised"), "\(error)")
        let again = try await device.log.nextFailure(within: .seconds(5))
        #expect(again.operation == "CONNACK")
        #expect(await !device.log.all.contains { $0.isConnected })
    }
}
