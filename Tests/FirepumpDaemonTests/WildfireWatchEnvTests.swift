import FirepumpTestSupport
import Foundation
import Testing

/// Issue 8 item 1: a shared `.env` in wildfire-watch's style (every service's keys, comments after
/// values, `MQTT_TOPIC_PREFIX=` empty, each quoting rule) given to `firepump check-config --config`:
/// the effective values are right, other services' keys are one warning, not errors, and an
/// invalid value of a firepump setting still stops it with exit status 2 naming the key.
@Suite("A wildfire-watch .env through check-config", .timeLimit(.minutes(1)))
struct WildfireWatchEnvTests {
    static let fixture = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/wildfire-watch.env").path

    /// `KEY=value` lines of check-config's output.
    static func effective(_ output: String) -> [String: String] {
        var values: [String: String] = [:]
        for line in output.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return values
    }

    @Test("the fixture loads: inline comments cut, quoted # kept, legacy names and the empty prefix applied")
    func fixtureLoads() async throws {
        let check = try await runFirepump(["check-config", "--config", Self.fixture], environment: [:])
        #expect(check.ending == .exited(0), "\(check.output)")
        let values = Self.effective(check.output)
        let expected = [
            "MQTT_BROKER": "mqtt_broker",           // inline comment after spaces
            "MQTT_PORT": "8883",
            "MQTT_TLS": "false",
            "TOPIC_PREFIX": "",                     // MQTT_TOPIC_PREFIX= (empty, the alias)
            "EMERGENCY_TOPIC": "fire/emergency",
            "MAX_ENGINE_RUNTIME": "1800",           // "1800     # 30 minutes default - ..."
            "REFILL_MULTIPLIER": "4",
            "RESERVOIR_FLOAT_PIN": "13",            // "13      # GPIO pin for tank full sensor"
            "LINE_PRESSURE_PIN": "19",
            "IGN_START_PIN": "23",                  // legacy IGNITION_START_PIN
            "PRIMING_VALVE_PIN": "26",              // export
            "HEALTH_INTERVAL": "60",                // legacy TELEMETRY_INTERVAL, with a comment
            "MQTT_CLIENT_ID": "gpio-trigger #1",    // double quotes keep a #
            "TLS_CA_PATH": "/mnt/data/certs/ca.crt",  // single quotes
            "STATE_FILE": "/data/firepump#state.json",  // a # not after a space
            "LOG_LEVEL": "info",
        ]
        for (key, value) in expected {
            #expect(values[key] == value, "\(key): \(values[key] ?? "missing")")
        }
        // Other services' keys: one warning naming them all, no error.
        let warnings = check.output.split(separator: "\n").filter { $0.contains("warning:") && $0.contains("not firepump settings") }
        #expect(warnings.count == 1, "\(check.output)")
        for key in ["PLATFORM", "RTSP_STREAM_URL", "CAMERA_CREDENTIALS", "FRIGATE_DETECTOR", "CONSENSUS_THRESHOLD", "MOSQUITTO_PASSWORD"] {
            #expect(warnings.first?.contains(key) == true, "\(key) not named")
        }
        #expect(warnings.first?.contains("MAX_ENGINE_RUNTIME") == false)
    }

    @Test("the same .env saved with Windows line ends gives the same effective values")
    func crlf() async throws {
        let directory = try TemporaryDirectory(prefix: "wildfire-env")
        let path = directory.path + "/.env"
        let text = try String(contentsOfFile: Self.fixture, encoding: .utf8)
        try text.replacingOccurrences(of: "\n", with: "\r\n").write(toFile: path, atomically: true, encoding: .utf8)
        let unix = try await runFirepump(["check-config", "--config", Self.fixture], environment: [:])
        let windows = try await runFirepump(["check-config", "--config", path], environment: [:])
        #expect(windows.ending == .exited(0), "\(windows.output)")
        #expect(Self.effective(windows.output) == Self.effective(unix.output))
        #expect(Self.effective(windows.output)["MAX_ENGINE_RUNTIME"] == "1800")
    }

    @Test("an invalid firepump value in the shared .env: exit 2 naming the key, for check-config and run", arguments: [
        ("MAX_ENGINE_RUNTIME=30     # far too short", "MAX_ENGINE_RUNTIME", "30"),
        ("RESERVOIR_FLOAT_PIN=\"13      # GPIO pin for tank full sensor\"", "RESERVOIR_FLOAT_PIN", "13      # GPIO"),
        ("LINE_PRESSURE_PIN= # not fitted", "LINE_PRESSURE_PIN", "# not fitted"),
    ])
    func invalidValue(_ line: String, _ key: String, _ shown: String) async throws {
        let directory = try TemporaryDirectory(prefix: "wildfire-env")
        let path = directory.path + "/.env"
        try (try String(contentsOfFile: Self.fixture, encoding: .utf8) + line + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let check = try await runFirepump(["check-config", "--config", path], environment: [:])
        #expect(check.ending == .exited(2), "\(check.output)")
        #expect(check.output.contains(key) && check.output.contains(shown), "\(check.output)")
        let run = try await runFirepump(["run", "--mock", "--config", path, "--state-file", directory.path + "/state.json"], environment: [:])
        #expect(run.ending == .exited(2), "\(run.output)")
        #expect(run.output.contains(key), "\(run.output)")
    }

    @Test("an unclosed quote in the shared .env: exit 2 naming the file and the line")
    func unclosedQuote() async throws {
        let directory = try TemporaryDirectory(prefix: "wildfire-env")
        let path = directory.path + "/.env"
        let text = try String(contentsOfFile: Self.fixture, encoding: .utf8)
        try (text + "FRIGATE_PLUS_KEY=\"abc\n").write(toFile: path, atomically: true, encoding: .utf8)
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).count
        let check = try await runFirepump(["check-config", "--config", path], environment: [:])
        #expect(check.ending == .exited(2), "\(check.output)")
        #expect(check.output.contains(path) && check.output.contains("line \(line):"), "\(check.output)")
    }
}
