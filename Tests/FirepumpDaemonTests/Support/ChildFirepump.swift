import FirepumpTestSupport
import Foundation

/// Runs `body` with `firepump run --mock`, the real executable, running as a ``ChildProcess``
/// for the broker on 127.0.0.1:`port`: a unique client id, PRIMING held for 60 s and a short
/// ignition-off pulse (as ``DaemonUnderTest``), `LOG_LEVEL` debug (for ``MockPinLog``) unless
/// `settings` say otherwise, `settings` on top, and only `PATH` besides in its environment. Its state file, the state's runtime copy and its output (a file of its own) are in `given` or a fresh temporary directory. `body` gets the
/// child and its client id; the child is killed (SIGKILL) and reaped afterwards, also when `body`
/// throws.
func withMockFirepump(
    port: Int, settings: [String: String] = [:], in given: TemporaryDirectory? = nil,
    _ body: (ChildProcess, _ clientID: String) async throws -> Void
) async throws {
    let directory = try given ?? TemporaryDirectory(prefix: "child")
    defer { withExtendedLifetime(directory) {} }
    var environment = DaemonUnderTest.baseSettings(port: port, stateFile: directory.path + "/state.json")
        .merging(settings) { _, test in test }
    let clientID = environment["MQTT_CLIENT_ID"]!
    environment["RUNTIME_DIRECTORY"] = directory.path + "/run"
    // The mock pins' own lines (``MockPinLog``) are logged at debug.
    environment["LOG_LEVEL"] = environment["LOG_LEVEL"] ?? "debug"
    environment["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    let child = try ChildProcess(
        executable: try firepumpExecutablePath(), arguments: ["run", "--mock"], environment: environment,
        outputPath: directory.path + "/output-\(clientID).log")
    defer { child.kill() }
    try await body(child, clientID)
}

/// `<directory of this test binary>/firepump` (`swift build --build-tests` builds it there).
private func firepumpExecutablePath() throws -> String {
    let testBinary = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
    var directory = URL(fileURLWithPath: testBinary).deletingLastPathComponent()
    // An .xctest bundle may be a directory on some platforms: step out of it.
    while directory.pathExtension == "xctest" || directory.path.contains(".xctest/") {
        directory.deleteLastPathComponent()
    }
    let path = directory.appendingPathComponent("firepump").path
    guard FileManager.default.isExecutableFile(atPath: path) else {
        throw MosquittoHarnessError("\(path) does not exist: build it with `swift build --build-tests`")
    }
    return path
}

/// Runs the real executable with `arguments` and exactly `environment` (plus `PATH`) until it
/// ends; how it ended and everything it wrote to stdout and stderr.
func runFirepump(_ arguments: [String], environment: [String: String]) async throws -> (ending: ChildProcess.Ending?, output: String) {
    let directory = try TemporaryDirectory(prefix: "firepump-cli")
    defer { withExtendedLifetime(directory) {} }
    var environment = environment
    environment["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    let child = try ChildProcess(
        executable: try firepumpExecutablePath(), arguments: arguments, environment: environment,
        outputPath: directory.path + "/output.log")
    defer { child.kill() }
    let ending = try await child.waitForEnd()
    return (ending, child.output)
}
