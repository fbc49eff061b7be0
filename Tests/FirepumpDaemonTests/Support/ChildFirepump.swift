import FirepumpTestSupport
import Foundation
import Synchronization

/// The real `firepump` executable, built beside this test bundle, run as a child process with
/// `posix_spawn` (no blocked signals, so SIGTERM reaches it), its settings in a minimal
/// environment, and stdout and stderr captured to a file. Killed (SIGKILL) and reaped on deinit.
final class ChildFirepump: Sendable {
    let pid: pid_t
    /// Holds the captured output (and the state file, if the test puts it there).
    let directory: TemporaryDirectory
    private let outputPath: String
    /// The raw `waitpid` status once reaped.
    private let status = Mutex<Int32?>(nil)

    /// `<directory of this test binary>/firepump` (`swift build --build-tests` builds it there).
    static func executablePath() throws -> String {
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

    /// `firepump run --mock` for the broker on 127.0.0.1:`port`, with a unique client id, its state
    /// file in `stateDirectory`, PRIMING held for 60 s and a short ignition-off pulse (as
    /// ``DaemonUnderTest``), and `settings` on top.
    static func runMock(
        port: Int, stateDirectory: TemporaryDirectory, settings: [String: String] = [:]
    ) throws -> (ChildFirepump, clientID: String) {
        let clientID = "firepump-child-\(UUID().uuidString.prefix(8))"
        let environment = [
            "MQTT_BROKER": "127.0.0.1", "MQTT_PORT": "\(port)", "MQTT_CLIENT_ID": clientID,
            "STATE_FILE": stateDirectory.path + "/state.json", "PRE_OPEN_DELAY": "60", "IGNITION_OFF_DURATION": "0.2",
        ].merging(settings) { _, test in test }
        return (try ChildFirepump(arguments: ["run", "--mock"], environment: environment), clientID)
    }

    /// Starts `firepump arguments…` with only `PATH` and `environment` set.
    init(arguments: [String], environment: [String: String]) throws {
        let executable = try Self.executablePath()
        directory = try TemporaryDirectory(prefix: "child")
        outputPath = directory.path + "/output.log"

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaultSignals = sigset_t()
        sigemptyset(&defaultSignals)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGPIPE] { sigaddset(&defaultSignals, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaultSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var variables = environment
        variables["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid = pid_t()
        let rc = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard rc == 0 else {
            throw MosquittoHarnessError("posix_spawn \(executable) failed: \(String(cString: strerror(rc)))")
        }
        self.pid = pid
    }

    deinit {
        kill()
    }

    /// Everything it wrote to stdout and stderr so far.
    var output: String {
        (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    }

    /// Whether it has not exited yet (reaps it if it has).
    var isRunning: Bool {
        status.withLock { status in
            guard status == nil else { return false }
            var raw: Int32 = 0
            if waitpid(pid, &raw, WNOHANG) == pid { status = raw }
            return status == nil
        }
    }

    /// Sends `signal`.
    func send(_ signal: Int32) {
        if isRunning { Foundation.kill(pid, signal) }
    }

    /// How it ended, once it has.
    enum Ending: Equatable, CustomStringConvertible {
        case exited(Int32)
        case signalled(Int32)

        var description: String {
            switch self {
            case .exited(let code): "exit status \(code)"
            case .signalled(let signal): "killed by signal \(signal)"
            }
        }
    }

    /// Waits up to `timeout` for it to end; nil if it is still running.
    func waitForEnd(within timeout: Duration = .seconds(15)) async throws -> Ending? {
        let deadline = ContinuousClock.now + timeout
        while isRunning && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        guard let raw = status.withLock({ $0 }) else { return nil }
        let signal = raw & 0x7f
        return signal == 0 ? .exited((raw >> 8) & 0xff) : .signalled(signal)
    }

    /// SIGKILL, then reaps it. Idempotent.
    func kill() {
        status.withLock { status in
            guard status == nil else { return }
            Foundation.kill(pid, SIGKILL)
            var raw: Int32 = 0
            while waitpid(pid, &raw, 0) == -1 && errno == EINTR {}
            status = raw
        }
    }
}
