import Foundation
import Synchronization

/// A real mosquitto broker on 127.0.0.1 for integration tests.
///
/// It writes its own config file into a fresh temporary directory, listens on a free TCP port,
/// and is ready (accepting TCP connections) when `init` or `start()` returns. `kill()` and
/// `start()` restart it on the same port. It is stopped on `stop()` and on deinit. A missing
/// `mosquitto` binary is an error, never a skip.
public final class MosquittoBroker: Sendable {
    /// The TLS listener settings.
    public struct TLS: Sendable {
        /// CA the broker trusts for client certificates.
        public var caFile: String
        /// The broker's certificate.
        public var certFile: String
        /// The broker's private key.
        public var keyFile: String
        /// Whether clients must present a certificate signed by `caFile`.
        public var requireCertificate: Bool

        /// A TLS listener from these files.
        public init(caFile: String, certFile: String, keyFile: String, requireCertificate: Bool) {
            self.caFile = caFile
            self.certFile = certFile
            self.keyFile = keyFile
            self.requireCertificate = requireCertificate
        }

        /// The server side of `certificates`.
        public init(_ certificates: TestCertificates, requireCertificate: Bool) {
            self.init(
                caFile: certificates.caFile, certFile: certificates.serverCertFile,
                keyFile: certificates.serverKeyFile, requireCertificate: requireCertificate)
        }
    }

    /// What the broker's config file says.
    public struct Configuration: Sendable {
        /// TLS on the listener, or nil for plain TCP.
        public var tls: TLS?
        /// A `mosquitto_passwd` file; nil for none.
        public var passwordFile: String?
        /// Whether clients without a user name are let in.
        public var allowAnonymous: Bool
        /// A mosquitto `acl_file` (topic access per user); nil for none (every topic allowed).
        public var aclFile: String?

        /// Plain TCP, anonymous clients allowed, no ACL, unless told otherwise.
        public init(tls: TLS? = nil, passwordFile: String? = nil, allowAnonymous: Bool = true, aclFile: String? = nil) {
            self.tls = tls
            self.passwordFile = passwordFile
            self.allowAnonymous = allowAnonymous
            self.aclFile = aclFile
        }
    }

    /// The TCP port on 127.0.0.1, the same across restarts.
    public var port: Int { portInUse.withLock { $0 } }
    /// Holds the config and the broker's log.
    public let directory: TemporaryDirectory
    private let executable: String
    private let configPath: String
    private let logPath: String
    private let configuration: Configuration
    private let portInUse: Mutex<Int>
    private let process = Mutex<ChildProcess?>(nil)

    /// How long the broker may take to accept connections.
    private static let readinessTimeout: Duration = .seconds(10)

    /// Writes the config for a free port and, if `start` is true, starts the broker and waits
    /// until it accepts connections.
    public init(_ configuration: Configuration = Configuration(), start: Bool = true) throws {
        executable = try findExecutable("mosquitto")
        directory = try TemporaryDirectory(prefix: "mosquitto")
        self.configuration = configuration
        portInUse = Mutex(try BrokerPorts.reserve())
        configPath = directory.path + "/mosquitto.conf"
        logPath = directory.path + "/mosquitto.log"
        guard FileManager.default.createFile(atPath: logPath, contents: nil) else {
            throw MosquittoHarnessError("cannot create \(logPath)")
        }
        try writeConfig()
        guard start else { return }
        // Between closing the probe socket and mosquitto's bind, another process (or one of the
        // tests' own client connections) may take the port: pick another one then. Only here,
        // before anyone has been told the port.
        for _ in 1..<5 {
            do {
                try self.start()
                return
            } catch let error as MosquittoHarnessError where error.description.contains("Address already in use") {
                try portInUse.withLock { port in
                    let fresh = try BrokerPorts.reserve()
                    BrokerPorts.release(port)
                    port = fresh
                }
                try writeConfig()
            }
        }
        try self.start()
    }

    deinit {
        stop()
        BrokerPorts.release(port)
    }

    /// Starts the broker (again) on `port` and returns once it accepts TCP connections.
    /// Does nothing if it is already running.
    public func start() throws {
        try process.withLock { current in
            if let running = current, running.isRunning { return }
            current = try ChildProcess(executable: executable, arguments: ["-c", configPath], outputPath: logPath)
        }
        try waitUntilReady()
    }

    /// Asks the broker to exit (SIGTERM), waits for it, and kills it if it takes over 5 s.
    /// Idempotent.
    public func stop() {
        guard let process = process.withLock({ current in defer { current = nil }; return current }) else { return }
        process.terminate(within: .seconds(5))
    }

    /// Kills the broker at once (SIGKILL), as a crash would: clients see the connection drop.
    /// `start()` brings it back on the same port.
    public func kill() {
        guard let process = process.withLock({ current in defer { current = nil }; return current }) else { return }
        process.kill()
    }

    /// Whether the broker process is running.
    public var isRunning: Bool {
        process.withLock { $0?.isRunning ?? false }
    }

    /// Everything the broker logged so far, for failure messages.
    public var log: String {
        (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
    }

    /// Publishes with `mosquitto_pub` (which waits for the broker's PUBACK at QoS 1).
    /// `arguments` are added as they are, e.g. `["-u", "user", "-P", "secret"]`.
    public func publish(topic: String, message: String, qos: Int = 1, retain: Bool = false, arguments: [String] = []) throws {
        var all = ["-h", "127.0.0.1", "-p", "\(self.port)", "-t", topic, "-m", message, "-q", "\(qos)"]
        if retain { all.append("-r") }
        try runTool("mosquitto_pub", all + arguments)
    }

    /// Writes mosquitto.conf for the current port.
    private func writeConfig() throws {
        try Self.configText(configuration, port: port).write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    /// Polls a TCP connect every 20 ms until it succeeds, the broker exits, or the timeout.
    private func waitUntilReady() throws {
        let port = self.port
        let deadline = ContinuousClock.now + Self.readinessTimeout
        while ContinuousClock.now < deadline {
            let accepted = canConnect(port: port)
            guard isRunning else {
                throw MosquittoHarnessError("mosquitto exited before accepting connections on port \(port):\n\(log)")
            }
            if accepted { return }
            usleep(20_000)
        }
        throw MosquittoHarnessError("mosquitto did not accept connections on port \(port) within 10 s:\n\(log)")
    }

    /// The mosquitto.conf text.
    private static func configText(_ configuration: Configuration, port: Int) -> String {
        var lines = [
            "listener \(port) 127.0.0.1",
            "allow_anonymous \(configuration.allowAnonymous)",
            "persistence false",
            "log_dest stderr",
            "log_type error",
            "log_type warning",
            "log_type notice",
            "log_type information",
            "connection_messages true",
        ]
        // As root, mosquitto drops to the "mosquitto" user, which cannot read our 0600 keys.
        if geteuid() == 0 { lines.append("user root") }
        if let passwordFile = configuration.passwordFile { lines.append("password_file \(passwordFile)") }
        if let aclFile = configuration.aclFile { lines.append("acl_file \(aclFile)") }
        if let tls = configuration.tls {
            lines += [
                "cafile \(tls.caFile)",
                "certfile \(tls.certFile)",
                "keyfile \(tls.keyFile)",
                "require_certificate \(tls.requireCertificate)",
            ]
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// CA, server and client certificates made with the `openssl` command for one test: the server
/// certificate is for 127.0.0.1 and localhost; `otherCAFile` is a CA that signed nothing here.
public final class TestCertificates: Sendable {
    /// Where the files are; removed with this object.
    public let directory: TemporaryDirectory
    /// The test CA's certificate: trust it to verify the broker (and the broker, the client).
    public let caFile: String
    /// The broker's certificate, for 127.0.0.1 and localhost, signed by the test CA.
    public let serverCertFile: String
    /// The broker's private key.
    public let serverKeyFile: String
    /// A client certificate signed by the test CA.
    public let clientCertFile: String
    /// The client certificate's private key.
    public let clientKeyFile: String
    /// A self-signed CA unrelated to the others: trusting it must fail verification.
    public let otherCAFile: String

    /// Generates everything (EC P-256 keys, valid for two days) in a fresh temporary directory.
    public init() throws {
        directory = try TemporaryDirectory(prefix: "certs")
        let dir = directory.path
        caFile = dir + "/ca.crt"
        serverCertFile = dir + "/server.crt"
        serverKeyFile = dir + "/server.key"
        clientCertFile = dir + "/client.crt"
        clientKeyFile = dir + "/client.key"
        otherCAFile = dir + "/other-ca.crt"
        let ecKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try runTool("openssl", ["req", "-x509"] + ecKey + ["-keyout", dir + "/ca.key", "-out", caFile, "-days", "2", "-subj", "/CN=firepump test CA"])
        try runTool("openssl", ["req", "-x509"] + ecKey + ["-keyout", dir + "/other-ca.key", "-out", otherCAFile, "-days", "2", "-subj", "/CN=unrelated test CA"])
        try Self.issue(name: "server", subject: "/CN=127.0.0.1", in: dir, ecKey: ecKey, extensions: [
            "subjectAltName=IP:127.0.0.1,DNS:localhost", "basicConstraints=CA:FALSE",
            "keyUsage=digitalSignature,keyEncipherment", "extendedKeyUsage=serverAuth",
        ])
        try Self.issue(name: "client", subject: "/CN=firepump-test-client", in: dir, ecKey: ecKey, extensions: [
            "basicConstraints=CA:FALSE", "keyUsage=digitalSignature,keyEncipherment", "extendedKeyUsage=clientAuth",
        ])
    }

    /// A key and a certificate `name`.crt signed by the test CA.
    private static func issue(name: String, subject: String, in dir: String, ecKey: [String], extensions: [String]) throws {
        let extensionsFile = "\(dir)/\(name).ext"
        try (extensions.joined(separator: "\n") + "\n").write(toFile: extensionsFile, atomically: true, encoding: .utf8)
        try runTool("openssl", ["req"] + ecKey + ["-keyout", "\(dir)/\(name).key", "-out", "\(dir)/\(name).csr", "-subj", subject])
        try runTool("openssl", [
            "x509", "-req", "-in", "\(dir)/\(name).csr", "-CA", "\(dir)/ca.crt", "-CAkey", "\(dir)/ca.key",
            "-CAcreateserial", "-out", "\(dir)/\(name).crt", "-days", "2", "-extfile", extensionsFile,
        ])
    }
}

/// A mosquitto password file made with `mosquitto_passwd -b`.
public final class TestPasswordFile: Sendable {
    /// Where the file is; removed with this object.
    public let directory: TemporaryDirectory
    /// The file's path, for `MosquittoBroker.Configuration.passwordFile`.
    public let path: String

    /// A password file with these users and passwords.
    public init(users: [(user: String, password: String)]) throws {
        directory = try TemporaryDirectory(prefix: "passwd")
        path = directory.path + "/passwords"
        for (index, entry) in users.enumerated() {
            let create = index == 0 ? ["-c"] : []
            try runTool("mosquitto_passwd", ["-b"] + create + [path, entry.user, entry.password])
        }
    }
}

/// A fresh directory under the system's temporary directory, removed on deinit.
public final class TemporaryDirectory: Sendable {
    /// Its absolute path.
    public let path: String

    /// Creates `<tmp>/firepump-<prefix>-<uuid>`.
    public init(prefix: String) throws {
        path = FileManager.default.temporaryDirectory.path + "/firepump-\(prefix)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// A test-harness failure: a missing tool, a tool that failed, a broker that would not start.
public struct MosquittoHarnessError: Error, CustomStringConvertible {
    /// What went wrong, with the tool's or the broker's output.
    public let description: String

    /// An error saying `description`.
    public init(_ description: String) {
        self.description = description
    }
}

/// The full path of `name` in PATH or the sbin directories (mosquitto lives in /usr/sbin).
public func findExecutable(_ name: String) throws -> String {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
    let directories = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/usr/local/sbin", "/usr/bin", "/sbin"]
    for directory in directories where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") {
        return "\(directory)/\(name)"
    }
    throw MosquittoHarnessError(
        "\(name) is not installed (looked in PATH, /usr/sbin, /usr/local/sbin): apt-get install mosquitto mosquitto-clients openssl")
}

/// Runs `name` with `arguments` to completion; throws with its output unless it exits 0.
///
/// The output goes to a temporary file, not a pipe: a child process started at the same moment
/// by another test can inherit the pipe's write end, and a read to end-of-file would then wait for
/// that process (a broker that runs for the whole test) instead of for this tool.
@discardableResult
public func runTool(_ name: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try findExecutable(name))
    process.arguments = arguments
    let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("firepump-tool-\(UUID().uuidString)").path
    guard FileManager.default.createFile(atPath: outputPath, contents: nil), let output = FileHandle(forWritingAtPath: outputPath) else {
        throw MosquittoHarnessError("cannot create \(outputPath) for the output of \(name)")
    }
    defer { try? FileManager.default.removeItem(atPath: outputPath) }
    process.standardOutput = output
    process.standardError = output
    try process.run()
    process.waitUntilExit()
    try? output.close()
    let data = FileManager.default.contents(atPath: outputPath) ?? Data()
    let text = String(decoding: data, as: UTF8.self)
    guard process.terminationReason == .exit, process.terminationStatus == 0 else {
        throw MosquittoHarnessError("\(name) \(arguments.joined(separator: " ")) failed (\(process.terminationStatus)):\n\(text)")
    }
    return text
}

/// A TCP port on 127.0.0.1 that was free a moment ago: bind port 0, read it back, close.
public func freeLoopbackPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw MosquittoHarnessError("socket() failed: errno \(errno)") }
    defer { close(fd) }
    var address = loopbackAddress(port: 0)
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
            bind(fd, socketAddress, length) == 0 && getsockname(fd, socketAddress, &length) == 0
        }
    }
    guard bound else { throw MosquittoHarnessError("cannot bind a free port on 127.0.0.1: errno \(errno)") }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// Whether a TCP connect to 127.0.0.1:`port` succeeds right now.
public func canConnect(port: Int) -> Bool {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var address = loopbackAddress(port: port)
    return withUnsafePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
            connect(fd, socketAddress, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
        }
    }
}

/// 127.0.0.1:`port` as a `sockaddr_in`.
private func loopbackAddress(port: Int) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = UInt16(port).bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    return address
}
