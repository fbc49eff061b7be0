import FirepumpMQTT
import FirepumpTestSupport

/// Runs `body` with a fresh mosquitto broker (as `configuration` says) and an ``Observer``
/// connected to it (`observer` adds TLS or a login), and stops both afterwards, also when
/// `body` throws.
func withBroker(
    _ configuration: MosquittoBroker.Configuration = .init(),
    observer configure: (inout MQTTClientOptions) -> Void = { _ in },
    _ body: (MosquittoBroker, Observer) async throws -> Void
) async throws {
    let broker = try MosquittoBroker(configuration)
    defer { broker.stop() }
    let observer = try await Observer.start(port: broker.port, configure: configure)
    defer { observer.stop() }
    try await body(broker, observer)
}

/// ``withBroker(_:observer:_:)`` with a daemon on that broker, started with `settings` as in
/// ``withDaemon(port:settings:_:)`` and stopped before the observer and the broker.
func withBrokerAndDaemon(
    _ configuration: MosquittoBroker.Configuration = .init(),
    observer configure: (inout MQTTClientOptions) -> Void = { _ in },
    settings: [String: String] = [:],
    _ body: (MosquittoBroker, Observer, DaemonUnderTest) async throws -> Void
) async throws {
    try await withBroker(configuration, observer: configure) { broker, observer in
        try await withDaemon(port: broker.port, settings: settings) { daemon in
            try await body(broker, observer, daemon)
        }
    }
}
