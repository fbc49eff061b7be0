import FirepumpTestSupport
import Foundation
import Testing

/// Issue 12 item 7: the MQTT password is printed nowhere, neither by `check-config` nor in the
/// daemon's debug log (the service group logged the daemon's description, settings and all).
@Suite("The MQTT password is never printed", .timeLimit(.minutes(1)))
struct SecretMaskingTests {
    static let password = "Hunter2-secret-\(UUID().uuidString.prefix(8))"

    @Test("check-config prints MQTT_PASSWORD masked")
    func checkConfig() async throws {
        let check = try await runFirepump(["check-config"], environment: ["MQTT_USERNAME": "pump", "MQTT_PASSWORD": Self.password])
        #expect(check.ending == .exited(0), "\(check.output)")
        #expect(check.output.contains("MQTT_PASSWORD=********\n"), "\(check.output)")
        #expect(!check.output.contains(Self.password), "\(check.output)")
    }

    @Test("a password check-config refuses is not shown in the error")
    func refusedPassword() async throws {
        let check = try await runFirepump(["check-config"], environment: ["MQTT_USERNAME": "pump", "MQTT_PASSWORD": Self.password + "\nmore"])
        #expect(check.ending == .exited(2), "\(check.output)")
        #expect(check.output.contains("MQTT_PASSWORD"), "\(check.output)")
        #expect(!check.output.contains("Hunter2"), "\(check.output)")
    }

    @Test("run --log-level debug: no log line carries the password")
    func debugLog() async throws {
        let absent = try MosquittoBroker(start: false)  // nobody listens: the client logs its refused connections
        try await withMockFirepump(port: absent.port, settings: [
            "MQTT_USERNAME": "pump", "MQTT_PASSWORD": Self.password, "LOG_LEVEL": "debug",
        ]) { child, _ in
            try await waitUntil("a refused connection in the log", context: { child.output }) {
                child.output.contains("Connection refused")
            }
            child.send(SIGTERM)
            _ = try await child.waitForEnd(within: .seconds(5))
            #expect(child.output.contains("debug"), "not a debug log:\n\(child.output)")
            #expect(child.output.contains("firepump("), "the service group names the daemon:\n\(child.output)")
            #expect(!child.output.contains(Self.password), "\(child.output)")
        }
    }
}
