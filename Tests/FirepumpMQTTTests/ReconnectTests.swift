import FirepumpMQTT
import FirepumpTestSupport
import Testing

@Suite("Reconnecting by itself")
struct ReconnectTests {
    @Test("after the broker is killed and restarted on the same port, the client reconnects, resubscribes and receives again")
    func reconnectsAfterBrokerRestart() async throws {
        let broker = try MosquittoBroker()
        defer { broker.stop() }
        let topic = uniqueTopic("restart")
        let status = uniqueTopic("restart-status")
        // Default backoff (1 s doubling to 30 s), as the daemon uses it.
        let device = try TestClient.start(port: broker.port, name: "restart") {
            $0.subscriptions = [MQTTSubscription(topic: topic, qos: 1), MQTTSubscription(topic: status, qos: 1)]
            $0.birth = { MQTTOutgoing(topic: status, payload: bytes("online"), qos: 1, retain: true) }
        }
        defer { device.client.stop() }
        try await device.log.nextConnected()
        _ = try await device.log.nextMessage(on: status, payload: bytes("online"))

        broker.kill()
        let reason = try await device.log.nextDisconnected()
        #expect(reason.hasPrefix("connection lost"))
        #expect(!device.client.isConnected)

        try broker.start()
        try await device.log.nextConnected(within: .seconds(15))
        // The restarted broker keeps no state, so both of these prove the client subscribed
        // again; its birth coming back proves it was published again.
        _ = try await device.log.nextMessage(on: status, payload: bytes("online"))
        try broker.publish(topic: topic, message: "after restart", qos: 1)
        let message = try await device.log.nextMessage(on: topic)
        #expect(message.payload == bytes("after restart"))
    }

    @Test("a client started while the broker is down keeps retrying and connects once the broker comes up")
    func connectsWhenBrokerComesUp() async throws {
        let broker = try MosquittoBroker(start: false)
        defer { broker.stop() }
        let topic = uniqueTopic("late-broker")
        let device = try TestClient.start(port: broker.port, name: "late-broker") {
            $0.subscriptions = [MQTTSubscription(topic: topic, qos: 1)]
            $0.birth = { MQTTOutgoing(topic: topic, payload: bytes("online"), qos: 1) }
            // However long the broker takes to start on a loaded machine, the next attempt after
            // it is up comes within 2 s (the backoff itself is tested above).
            $0.reconnectDelayMax = .seconds(2)
        }
        defer { device.client.stop() }

        let first = try await device.log.nextFailure()
        #expect(first.operation == "mosquitto_connect")
        #expect(first.errnoMessage == "Connection refused", "\(first)")
        // The second attempt, one backoff delay later, fails the same way: it is retrying.
        let second = try await device.log.nextFailure(within: .seconds(5))
        #expect(second.code == first.code)

        try broker.start()
        try await device.log.nextConnected(within: .seconds(15))
        let birth = try await device.log.nextMessage(on: topic)
        #expect(birth.payload == bytes("online"))
    }
}
