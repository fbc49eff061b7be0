import FirepumpMQTT
import FirepumpTestSupport
import Foundation

/// A client of `broker`'s port (or `port`), already started, with its event log.
struct TestClient {
    let client: MosquittoClient
    let log: EventLog

    /// Options for 127.0.0.1:`port` with a unique client id; `configure` adjusts them.
    static func options(port: Int, name: String, configure: (inout MQTTClientOptions) -> Void = { _ in }) -> MQTTClientOptions {
        var options = MQTTClientOptions(host: "127.0.0.1", port: port, clientID: "\(name)-\(UUID().uuidString.prefix(8))")
        configure(&options)
        return options
    }

    /// Creates and starts a client for `options`.
    static func start(_ options: MQTTClientOptions) throws -> TestClient {
        let client = try MosquittoClient(options: options)
        let log = EventLog(client.events)
        try client.start()
        return TestClient(client: client, log: log)
    }

    /// Creates and starts a client of 127.0.0.1:`port`.
    static func start(port: Int, name: String, configure: (inout MQTTClientOptions) -> Void = { _ in }) throws -> TestClient {
        try start(options(port: port, name: name, configure: configure))
    }
}

/// A topic no other test uses.
func uniqueTopic(_ name: String) -> String {
    "firepump-test/\(name)/\(UUID().uuidString.prefix(8))"
}

/// The UTF-8 bytes of `text`.
func bytes(_ text: String) -> [UInt8] {
    Array(text.utf8)
}

/// Polls `condition` every 20 ms until it holds or `timeout` passes; returns whether it held.
func eventually(within timeout: Duration = .seconds(10), _ condition: () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return await condition()
}
