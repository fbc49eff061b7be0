import FirepumpMQTT
import FirepumpTestSupport
import Testing

@Suite("Messages through a real broker")
struct MessagingTests {
    @Test("a QoS 1 subscriber gets a stored retained message flagged retained, then a live one flagged not retained")
    func retainedThenLive() async throws {
        let broker = try MosquittoBroker()
        defer { broker.stop() }
        let topic = uniqueTopic("retain")
        try broker.publish(topic: topic, message: "stored", qos: 1, retain: true)
        let subscriber = try TestClient.start(port: broker.port, name: "subscriber") {
            $0.subscriptions = [MQTTSubscription(topic: topic, qos: 1)]
        }
        defer { subscriber.client.stop() }
        try await subscriber.log.nextConnected()

        let stored = try await subscriber.log.nextMessage(on: topic)
        #expect(stored.payload == bytes("stored"))
        #expect(stored.retain)
        #expect(stored.qos == 1)

        // The retained message arrived, so the subscription is in place: a live one must follow.
        try broker.publish(topic: topic, message: "live", qos: 1)
        let live = try await subscriber.log.nextMessage(on: topic)
        #expect(live.payload == bytes("live"))
        #expect(!live.retain)
        #expect(live.qos == 1)
    }

    @Test("a 1 MiB payload published by one client reaches another intact")
    func largePayloadRoundTrips() async throws {
        let broker = try MosquittoBroker()
        defer { broker.stop() }
        let topic = uniqueTopic("large")
        let subscriber = try TestClient.start(port: broker.port, name: "large-sub") {
            $0.subscriptions = [MQTTSubscription(topic: topic, qos: 1)]
            $0.birth = { MQTTOutgoing(topic: topic, payload: bytes("ready"), qos: 1) }
        }
        defer { subscriber.client.stop() }
        // Its own birth coming back proves the subscription is active.
        _ = try await subscriber.log.nextMessage(on: topic, payload: bytes("ready"))

        let publisher = try TestClient.start(port: broker.port, name: "large-pub")
        defer { publisher.client.stop() }
        try await publisher.log.nextConnected()
        var generator = SystemRandomNumberGenerator()
        let payload = (0..<(1 << 20)).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        try publisher.client.publish(MQTTOutgoing(topic: topic, payload: payload, qos: 1))

        let event = try await subscriber.log.next("the large message", within: .seconds(20)) {
            ($0.message?.payload.count ?? 0) > 5
        }
        let received = try #require(event.message)
        #expect(received.payload.count == 1 << 20)
        #expect(received.payload == payload)
    }

    @Test("while disconnected a QoS 1 publish is queued and delivered after connecting; a QoS 0 publish throws")
    func publishWhileDisconnected() async throws {
        let broker = try MosquittoBroker(start: false)
        defer { broker.stop() }
        let topic = uniqueTopic("queued")
        let publisher = try TestClient.start(port: broker.port, name: "queued-pub") {
            $0.reconnectDelayMin = .milliseconds(100)
            $0.reconnectDelayMax = .milliseconds(500)
        }
        defer { publisher.client.stop() }
        try await publisher.log.nextFailure()

        try publisher.client.publish(MQTTOutgoing(topic: topic, payload: bytes("queued"), qos: 1, retain: true))
        let error = #expect(throws: MosquittoError.self) {
            try publisher.client.publish(MQTTOutgoing(topic: topic, payload: bytes("dropped"), qos: 0, retain: true))
        }
        #expect(error?.code == 4)
        #expect(error?.operation == "mosquitto_publish")

        try broker.start()
        try await publisher.log.nextConnected()
        let observer = try TestClient.start(port: broker.port, name: "queued-obs") {
            $0.subscriptions = [MQTTSubscription(topic: topic, qos: 1)]
        }
        defer { observer.client.stop() }
        let message = try await observer.log.nextMessage(on: topic)
        #expect(message.payload == bytes("queued"))
    }
}
