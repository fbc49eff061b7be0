import FirepumpTestSupport
import Foundation
import Testing

/// Issue 12 item 3: what `check-config` can know about the MQTT settings it checks, and `run`
/// checks the same before it touches the pins (exit status 2, the setting named).
@Suite("check-config and run: TLS files and what libmosquitto refuses", .timeLimit(.minutes(1)))
struct PreflightTests {
    static let missing = "/nonexistent/firepump-test/ca.crt"
    // In the arguments, "/dev/null" stands for a readable regular file made by the test.

    @Test("MQTT_TLS=true with a CA, certificate or key file that cannot be read: exit 2 naming the setting", arguments: [
        (["TLS_CA_PATH": missing], "TLS_CA_PATH"),
        (["TLS_CA_PATH": "/"], "TLS_CA_PATH"),
        (["TLS_CA_PATH": "/dev/null", "TLS_CERT_PATH": missing, "TLS_KEY_PATH": "/dev/null"], "TLS_CERT_PATH"),
        (["TLS_CA_PATH": "/dev/null", "TLS_CERT_PATH": "/dev/null", "TLS_KEY_PATH": missing], "TLS_KEY_PATH"),
        (["TLS_CA_PATH": "/dev/null", "TLS_CERT_PATH": "/dev/null"], "TLS_CERT_PATH"),
    ])
    func unreadableTLSFile(_ settings: [String: String], _ key: String) async throws {
        let directory = try TemporaryDirectory(prefix: "tls-files")
        let standIn = try certificateStandIn(in: directory)
        let files = settings.mapValues { $0 == "/dev/null" ? standIn : $0 }
        let environment = files.merging(["MQTT_TLS": "true", "MQTT_CLIENT_ID": "pump-1"]) { a, _ in a }
        let check = try await runFirepump(["check-config"], environment: environment)
        #expect(check.ending == .exited(2), "\(check.output)")
        #expect(check.output.contains(key), "\(check.output)")
        // At debug, so that a pin touched would show as a `mock pin changed` line.
        let run = try await runFirepump(
            ["run", "--mock", "--state-file", directory.path + "/state.json"], environment: environment.merging(["LOG_LEVEL": "debug"]) { a, _ in a })
        #expect(run.ending == .exited(2), "\(run.output)")
        #expect(run.output.contains(key), "\(run.output)")
        #expect(!run.output.contains("mock pin changed"), "pins touched before the check:\n\(run.output)")
    }

    @Test("MQTT_TLS=false: the TLS files are not looked at")
    func tlsOff() async throws {
        let check = try await runFirepump(["check-config"], environment: ["TLS_CA_PATH": Self.missing])
        #expect(check.ending == .exited(0), "\(check.output)")
    }

    @Test("a readable CA file passes")
    func readableCA() async throws {
        let directory = try TemporaryDirectory(prefix: "tls-files")
        let environment = ["MQTT_TLS": "true", "TLS_CA_PATH": try certificateStandIn(in: directory)]
        let check = try await runFirepump(["check-config"], environment: environment)
        #expect(check.ending == .exited(0), "\(check.output)")
    }

    /// A readable regular file (its content is not read before a connection is tried).
    private func certificateStandIn(in directory: TemporaryDirectory) throws -> String {
        let path = directory.path + "/file.pem"
        try "not read before a connection\n".write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
