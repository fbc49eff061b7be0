@testable import FirepumpMQTT
import FirepumpTestSupport
import Testing

@Suite("Options, lifecycle and backoff without a broker")
struct ClientLifecycleTests {
    @Test("options that could never work are rejected when the client is created")
    func invalidOptionsThrow() throws {
        func rejects(_ configure: (inout MQTTClientOptions) -> Void) -> MosquittoError? {
            var options = MQTTClientOptions(host: "127.0.0.1", port: 1883, clientID: "options")
            configure(&options)
            return #expect(throws: MosquittoError.self) { _ = try MosquittoClient(options: options) }
        }
        #expect(rejects { $0.clientID = "" }?.detail?.contains("clientID") == true)
        #expect(rejects { $0.port = 0 }?.detail?.contains("port") == true)
        #expect(rejects { $0.keepAlive = 0 }?.detail?.contains("keepAlive") == true)
        #expect(rejects { $0.subscriptions = [MQTTSubscription(topic: "a/#/b", qos: 1)] } != nil)
        #expect(rejects { $0.birth = { MQTTOutgoing(topic: "a/+", payload: [], qos: 1) } } != nil)
        #expect(rejects { $0.will = MQTTOutgoing(topic: "a", payload: [], qos: 3) } != nil)
        let missingCA = rejects { $0.tls = MQTTTLSOptions(caFile: "/nonexistent/ca.crt") }
        #expect(missingCA?.operation == "mosquitto_tls_set")
        #expect(missingCA?.description.contains("/nonexistent/ca.crt") == true)
    }

    @Test("stop is idempotent, ends the events, and later publishes and starts throw")
    func stopIsIdempotent() async throws {
        let port = try freeLoopbackPort()
        let device = try TestClient.start(port: port, name: "lifecycle") {
            $0.reconnectDelayMin = .seconds(30)
            $0.reconnectDelayMax = .seconds(30)
        }
        try await device.log.nextFailure()  // nothing listens there
        let started = ContinuousClock.now
        device.client.stop()
        device.client.stop()
        #expect(ContinuousClock.now - started < .seconds(2), "stop must not wait out the backoff delay")
        #expect(await eventually { await device.log.isFinished })
        #expect(throws: MosquittoError.self) {
            try device.client.publish(MQTTOutgoing(topic: "t", payload: [], qos: 1))
        }
        #expect(throws: MosquittoError.self) { try device.client.start() }
    }

    @Test("the reconnect delay doubles from the minimum and stays at the maximum")
    func backoffDoubles() {
        let backoff = ReconnectBackoff(minimum: .seconds(1), maximum: .seconds(30))
        let delays = (0..<8).map { backoff.delay(afterFailures: $0) }
        #expect(delays == [1, 2, 4, 8, 16, 30, 30, 30].map { Duration.seconds($0) })
    }

    @Test("by default, no reconnect attempt is more than 5 s after the last, however long the outage (issue 12 item 8)")
    func defaultBackoffIsCappedAt5Seconds() {
        let options = MQTTClientOptions(host: "127.0.0.1", clientID: "defaults")
        let backoff = ReconnectBackoff(minimum: options.reconnectDelayMin, maximum: options.reconnectDelayMax)
        let delays = (0..<1000).map { backoff.delay(afterFailures: $0) }
        #expect(Array(delays.prefix(5)) == [1, 2, 4, 5, 5].map { Duration.seconds($0) })
        #expect(delays.allSatisfy { $0 <= .seconds(5) })
    }
}
