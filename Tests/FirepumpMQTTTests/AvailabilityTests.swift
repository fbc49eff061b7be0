import FirepumpMQTT
import FirepumpTestSupport
import Foundation
import Testing

@Suite("Birth, will and final message")
struct AvailabilityTests {
    @Test("the birth message is published retained on connect")
    func birthIsRetained() async throws {
        let broker = try MosquittoBroker()
        defer { broker.stop() }
        let topic = uniqueTopic("birth")
        let device = try TestClient.start(port: broker.port, name: "birth") {
            $0.birth = { MQTTOutgoing(topic: topic, payload: bytes("online"), qos: 1, retain: true) }
        }
        defer { device.client.stop() }
        try await device.log.nextConnected()

        // A subscriber arriving later gets it as the topic's retained message.
        let observer = try TestClient.start(port: broker.port, name: "birth-observer") {
            $0.subscriptions = [MQTTSubscription(topic: topic, qos: 1)]
        }
        defer { observer.client.stop() }
        let birth = try await observer.log.nextMessage(on: topic)
        #expect(birth.payload == bytes("online"))
        #expect(birth.retain)
    }

    @Test("the broker publishes the retained will when the client's process is killed")
    func willOnProcessDeath() async throws {
        let broker = try MosquittoBroker()
        defer { broker.stop() }
        let port = broker.port
        let topic = uniqueTopic("will")
        let observer = try TestClient.start(port: port, name: "will-observer") {
            $0.subscriptions = [MQTTSubscription(topic: topic, qos: 1)]
        }
        defer { observer.client.stop() }
        try await observer.log.nextConnected()

        // The child process connects with a will, waits until its own birth comes back through the
        // broker, then dies by SIGKILL: no DISCONNECT, so the broker must publish the will.
        await #expect(processExitsWith: .signal(SIGKILL)) { [port = port as Int, topic = topic as String] in
            try await AvailabilityTests.connectThenDie(port: port, topic: topic)
        }

        let online = try await observer.log.nextMessage(on: topic)
        #expect(online.payload == bytes("online"))
        let will = try await observer.log.nextMessage(on: topic)
        #expect(will.payload == bytes("offline"))

        let late = try TestClient.start(port: port, name: "will-late") {
            $0.subscriptions = [MQTTSubscription(topic: topic, qos: 1)]
        }
        defer { late.client.stop() }
        let retained = try await late.log.nextMessage(on: topic)
        #expect(retained.payload == bytes("offline"))
        #expect(retained.retain)
    }

    @Test("stop publishes the final message, disconnects cleanly (no will) and ends the events")
    func stopPublishesFinalMessage() async throws {
        let broker = try MosquittoBroker()
        defer { broker.stop() }
        let topic = uniqueTopic("final")
        let options = TestClient.options(port: broker.port, name: "final") {
            $0.will = MQTTOutgoing(topic: topic, payload: bytes("offline by will"), qos: 1, retain: true)
            $0.birth = { MQTTOutgoing(topic: topic, payload: bytes("online"), qos: 1, retain: true) }
        }
        let device = try TestClient.start(options)
        try await device.log.nextConnected()

        device.client.stop(finalMessage: MQTTOutgoing(topic: topic, payload: bytes("offline"), qos: 1, retain: true))
        let reason = try await device.log.nextDisconnected()
        #expect(reason == "stopped by the client")
        #expect(await eventually { broker.log.contains("Client \(options.clientID) disconnected.") }, "\(broker.log)")
        #expect(!broker.log.contains("Client \(options.clientID) closed its connection"))
        #expect(await eventually { await device.log.isFinished })

        let observer = try TestClient.start(port: broker.port, name: "final-observer") {
            $0.subscriptions = [MQTTSubscription(topic: topic, qos: 1)]
        }
        defer { observer.client.stop() }
        let retained = try await observer.log.nextMessage(on: topic)
        #expect(retained.payload == bytes("offline"))
        device.client.stop()  // idempotent
    }

    @Test("stop without a final message also disconnects cleanly, promptly, so no will is published")
    func stopWithoutFinalMessageIsClean() async throws {
        let broker = try MosquittoBroker()
        defer { broker.stop() }
        let topic = uniqueTopic("plain-stop")
        let options = TestClient.options(port: broker.port, name: "plain-stop") {
            $0.will = MQTTOutgoing(topic: topic, payload: bytes("offline by will"), qos: 1, retain: true)
            $0.subscriptions = [MQTTSubscription(topic: topic, qos: 1)]
        }
        let device = try TestClient.start(options)
        try await device.log.nextConnected()

        let started = ContinuousClock.now
        device.client.stop()
        #expect(ContinuousClock.now - started < .seconds(1))
        #expect(try await device.log.nextDisconnected() == "stopped by the client")
        #expect(await eventually { broker.log.contains("Client \(options.clientID) disconnected.") }, "\(broker.log)")
        #expect(!broker.log.contains("Client \(options.clientID) closed its connection"))
    }

    /// Runs in the exit test's child process: connect with birth and will, wait for the birth to
    /// come back, then SIGKILL this process. Exits 3 if that takes over 10 s.
    static func connectThenDie(port: Int, topic: String) async throws {
        var options = MQTTClientOptions(host: "127.0.0.1", port: port, clientID: "firepump-will-child")
        options.will = MQTTOutgoing(topic: topic, payload: bytes("offline"), qos: 1, retain: true)
        options.birth = { MQTTOutgoing(topic: topic, payload: bytes("online"), qos: 1, retain: true) }
        options.subscriptions = [MQTTSubscription(topic: topic, qos: 1)]
        let client = try MosquittoClient(options: options)
        try client.start()
        Task.detached {
            try await Task.sleep(for: .seconds(10))
            exit(3)
        }
        for await event in client.events {
            if case .message(let message) = event, message.payload == bytes("online") {
                kill(getpid(), SIGKILL)
            }
        }
        exit(4)
    }
}
