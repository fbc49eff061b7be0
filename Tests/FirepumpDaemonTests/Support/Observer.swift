import FirepumpCore
import FirepumpMQTT
import Foundation
import Testing

/// A second MQTT client on the test's broker: it subscribes to every topic (`#`), so it sees
/// what the daemon publishes, and it publishes the test's triggers and commands.
struct Observer {
    let client: MosquittoClient
    let log: MessageLog

    /// Connects to 127.0.0.1:`port` and returns once its subscription to `#` is in place
    /// (it has received a probe it published itself). `configure` adds TLS or a login.
    static func start(
        port: Int, name: String = "observer", configure: (inout MQTTClientOptions) -> Void = { _ in }
    ) async throws -> Observer {
        var options = MQTTClientOptions(host: "127.0.0.1", port: port, clientID: "\(name)-\(UUID().uuidString.prefix(8))")
        options.cleanSession = true
        options.subscriptions = [MQTTSubscription(topic: "#", qos: 1)]
        // Back quickly after a broker restart.
        options.reconnectDelayMin = .milliseconds(100)
        options.reconnectDelayMax = .milliseconds(500)
        configure(&options)
        let client = try MosquittoClient(options: options)
        let observer = Observer(client: client, log: MessageLog(client.events))
        try client.start()
        do {
            try await observer.log.first("the observer to connect", within: .seconds(10)) { $0.isConnected }
            try await observer.probe()
        } catch {
            client.stop()
            throw error
        }
        return observer
    }

    /// Publishes to a probe topic and waits until the message comes back: everything the
    /// observer subscribed to before is then in place at the broker (it handles a client's
    /// packets in order).
    func probe() async throws {
        let topic = "firepump-test/probe/\(UUID().uuidString.prefix(8))"
        let mark = await log.mark
        try publish(topic, "probe")
        _ = try await log.firstMessage(on: topic, after: mark)
    }

    /// Publishes `payload` on `topic` at QoS 1.
    func publish(_ topic: String, _ payload: [UInt8], retain: Bool = false) throws {
        try client.publish(MQTTOutgoing(topic: topic, payload: payload, qos: 1, retain: retain))
    }

    /// Publishes `text` on `topic` at QoS 1.
    func publish(_ topic: String, _ text: String, retain: Bool = false) throws {
        try publish(topic, bytes(text), retain: retain)
    }

    /// The first telemetry event named `action` on `topic` after `mark`, parsed.
    @discardableResult
    func event(_ action: String, on topic: String, after mark: Int, within timeout: Duration = .seconds(10)) async throws -> JSONValue {
        try await positionedEvent(action, on: topic, after: mark, within: timeout).event
    }

    /// Like ``event(_:on:after:within:)``, with the mark just after the event found.
    func positionedEvent(
        _ action: String, on topic: String, after mark: Int, within timeout: Duration = .seconds(10)
    ) async throws -> (event: JSONValue, next: Int) {
        let (event, next) = try await log.positioned("telemetry event \(action) on \(topic)", after: mark, within: timeout) { event in
            guard let message = event.message, message.topic == topic else { return false }
            return message.action == action
        }
        return (event.message!.json!, next)
    }

    /// The first message on `topic` after `mark` whose JSON `field` is `value` (e.g. a state
    /// topic message whose `state` is `PRIMING`).
    @discardableResult
    func message(
        on topic: String, where field: String, is value: String, after mark: Int, within timeout: Duration = .seconds(10)
    ) async throws -> MQTTMessage {
        let event = try await log.first("\(field)=\(value) on \(topic)", after: mark, within: timeout) { event in
            guard let message = event.message, message.topic == topic else { return false }
            return message.json?[field]?.stringValue == value
        }
        return event.message!
    }

    /// The messages on `topic` after `mark`, in order.
    func messages(on topic: String, after mark: Int) async -> [MQTTMessage] {
        await log.messages(after: mark).filter { $0.topic == topic }
    }

    /// Telemetry actions published on `topic` after `mark`, in order.
    func actions(on topic: String, after mark: Int) async -> [String] {
        await messages(on: topic, after: mark).compactMap(\.action)
    }

    /// Disconnects.
    func stop() {
        client.stop()
    }
}

/// A new subscriber of `topic` receives a retained availability message with `status`.
func expectRetained(
    status: String, on topic: String, port: Int, configure: (inout MQTTClientOptions) -> Void = { _ in },
    sourceLocation: SourceLocation = #_sourceLocation
) async throws {
    let late = try await Observer.start(port: port, name: "late", configure: configure)
    defer { late.stop() }
    let message = try await late.log.firstMessage(on: topic)
    #expect(message.retain, "not retained", sourceLocation: sourceLocation)
    #expect(message.json?["status"]?.stringValue == status, "\(message.json?.serialized ?? "")", sourceLocation: sourceLocation)
}
