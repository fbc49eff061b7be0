import FirepumpCore
import FirepumpDaemon
import FirepumpSettings
import FirepumpTestSupport
import Foundation
import Testing

/// Issue 9 item 3 (the real executables): `firepump stop-request`, the unit's `ExecStop=`, with
/// a stand-in `systemctl` that prints the job list systemd would (there is no systemd here).
@Suite("The ExecStop= helper", .timeLimit(.minutes(1)))
struct StopRequestTests {
    static let topics = Topics(MQTTConfig(), host: hostName())

    @Test("a restart job: the daemon is asked to hand over, and the helper returns once it has exited")
    func restartJobHandsOver() async throws {
        let directory = try TemporaryDirectory(prefix: "stop-request")
        let systemctl = try Self.systemctl(in: directory, printing: "4242 firepump.service restart running", status: 0)
        try await askToStop(systemctl: systemctl) { child, observer, output in
            #expect(output.contains("has exited"), "\(output)")
            #expect(!child.isRunning, "the daemon still runs after the helper returned:\n\(child.output)")
            #expect(try await child.waitForEnd() == .exited(0))
            let handover = try await observer.event("handover", on: Self.topics.telemetry, after: 0)
            #expect(handover["state"]?.stringValue == "IDLE")
            let asked = try String(contentsOfFile: directory.path + "/asked", encoding: .utf8)
            #expect(asked == "list-jobs --no-legend --full --no-pager firepump.service\n")
        }
    }

    @Test("a stop job, a failing or missing systemctl: nothing is sent, and the SIGTERM that follows stops the pump", arguments: [
        ("8 firepump.service stop running", 0), ("", 1), ("no such program", -1),
    ])
    func otherwiseAStop(printed: String, status: Int) async throws {
        let directory = try TemporaryDirectory(prefix: "stop-request")
        let systemctl = status < 0 ? directory.path + "/missing" : try Self.systemctl(in: directory, printing: printed, status: status)
        try await askToStop(systemctl: systemctl) { child, observer, output in
            #expect(output.contains("a stop, not a restart"), "\(output)")
            #expect(child.isRunning, "\(child.output)")
            child.send(SIGTERM)
            #expect(try await child.waitForEnd() == .exited(0))
            let shutdown = try await observer.event("controller_shutdown", on: Self.topics.telemetry, after: 0)
            #expect(shutdown["keep_running"] == .bool(false))
            #expect(await !observer.actions(on: Self.topics.telemetry, after: 0).contains("handover"))
        }
    }

    @Test("no main process (it ended by itself, systemd sets no MAINPID): nothing to do, exit status 0")
    func noMainProcess() async throws {
        let (ending, output) = try await runFirepump(["stop-request", "--systemctl", "/nonexistent"], environment: [:])
        #expect(ending == .exited(0), "\(output)")
        #expect(output.contains("nothing to hand over"), "\(output)")
    }

    /// Starts `firepump run --mock`, waits until it is connected, runs `firepump stop-request` for
    /// it with `systemctl`, checks that the helper exits 0, and runs `body` with the daemon and
    /// what the helper wrote.
    private func askToStop(systemctl: String, _ body: (ChildProcess, Observer, String) async throws -> Void) async throws {
        try await withBroker { broker, observer in
            try await withMockFirepump(port: broker.port) { child, _ in
                try await observer.event("mqtt_connected", on: Self.topics.telemetry, after: 0, within: .seconds(15))
                let (ending, output) = try await runFirepump(
                    ["stop-request", "--pid", "\(child.pid)", "--systemctl", systemctl], environment: [:])
                #expect(ending == .exited(0), "\(output)")
                try await body(child, observer, output)
            }
        }
    }

    /// A stand-in `systemctl` that notes its arguments in `asked` and prints `listing`.
    private static func systemctl(in directory: TemporaryDirectory, printing listing: String, status: Int) throws -> String {
        let path = directory.path + "/systemctl"
        let script = "#!/bin/sh\necho \"$@\" > '\(directory.path)/asked'\nprintf '%s\\n' '\(listing)'\nexit \(status)\n"
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        guard chmod(path, 0o755) == 0 else { throw MosquittoHarnessError("chmod \(path) failed") }
        return path
    }
}
