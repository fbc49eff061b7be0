import Dispatch
import FirepumpMQTT
import FirepumpTestSupport
import Foundation
import Synchronization
import Testing

/// The network thread's `afterPass`: where the daemon handles a trigger with no thread hand-off.
@Suite("Publishing from the network thread")
struct AfterPassTests {
    @Test("a reply published and flushed in afterPass runs on the network thread and is written to the socket before flush returns")
    func replyWrittenFromAfterPass() async throws {
        let broker = try MosquittoBroker()
        defer { broker.stop() }
        let request = uniqueTopic("request")
        let reply = uniqueTopic("reply")
        let subscriber = try TestClient.start(port: broker.port, name: "reply-sub") {
            $0.subscriptions = [MQTTSubscription(topic: reply, qos: 1)]
            $0.birth = { MQTTOutgoing(topic: reply, payload: bytes("ready"), qos: 1) }
        }
        defer { subscriber.client.stop() }
        _ = try await subscriber.log.nextMessage(on: reply, payload: bytes("ready"))

        let queued = Mutex<[MQTTMessage]>([])
        let echo = Mutex<MosquittoClient?>(nil)
        let replyArrived = DispatchSemaphore(value: 0)
        let observed = Mutex<[(thread: String, written: Bool)]>([])
        let options = TestClient.options(port: broker.port, name: "echo") {
            $0.subscriptions = [MQTTSubscription(topic: request, qos: 1)]
            // Published after subscribing: once it arrives, requests reach the echo client.
            $0.birth = { MQTTOutgoing(topic: reply, payload: bytes("echo-ready"), qos: 1) }
        }
        let client = try MosquittoClient(options: options) { event in
            if case .message(let message) = event { queued.withLock { $0.append(message) } }
        } afterPass: {
            for message in queued.withLock({ queue in defer { queue = [] }; return queue }) {
                let client = echo.withLock { $0 }
                try? client?.publish(MQTTOutgoing(topic: reply, payload: message.payload, qos: 1))
                client?.flush()
                let thread = (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? "?"
                // Holds the network thread until the reply has arrived: only a reply already
                // written inside `flush` can arrive while it is held.
                let written = replyArrived.wait(timeout: .now() + 5) == .success
                observed.withLock { $0.append((thread.trimmingCharacters(in: .whitespacesAndNewlines), written)) }
            }
        }
        echo.withLock { $0 = client }
        try client.start()
        defer { client.stop() }
        _ = try await subscriber.log.nextMessage(on: reply, payload: bytes("echo-ready"))

        try broker.publish(topic: request, message: "ping", qos: 1)
        _ = try await subscriber.log.nextMessage(on: reply, payload: bytes("ping"))
        replyArrived.signal()
        #expect(await eventually { observed.withLock { !$0.isEmpty } })
        let seen = observed.withLock { $0 }
        #expect(seen.map(\.thread) == ["firepump-mqtt"])
        #expect(seen.map(\.written) == [true], "the reply waited for the network thread's next pass")
    }
}
