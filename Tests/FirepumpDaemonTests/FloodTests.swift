import FirepumpCore
import FirepumpHAL
import FirepumpMQTT
import FirepumpTestSupport
import Foundation
import Synchronization
import Testing

/// Issue 12 item 4: an operator's stop does not wait behind a flood of triggers.
@Suite("A stop behind a flood of triggers", .timeLimit(.minutes(3)))
struct FloodTests {
    /// When the flood's first trigger and the stop reached the daemon's network thread.
    struct Arrivals {
        var firstTrigger: Double?
        var stop: Double?
    }

    /// ``Arrivals`` shared with the network thread.
    final class ArrivalLog: Sendable {
        let times = Mutex(Arrivals())
        func withLock<T>(_ body: (inout Arrivals) -> T) -> T { times.withLock { body(&$0) } }
    }

    @Test("RUNNING, 50,000 QoS-0 triggers then stop: the stop is handled within 1 s of its arrival at the client (target 100 ms)")
    func stopAfterFlood() async throws {
        let arrivals = ArrivalLog()
        let onlyTelemetry: (inout MQTTClientOptions) -> Void = {
            $0.subscriptions = [MQTTSubscription(topic: "firepump-test/#", qos: 1), MQTTSubscription(topic: "system/#", qos: 1)]
        }
        try await withBroker(observer: onlyTelemetry) { broker, observer in
            let settings = ["PRE_OPEN_DELAY": "0.1", "IGNITION_START_DURATION": "0.1"]
            let daemon = try DaemonUnderTest(port: broker.port, settings: settings) { message, time in
                arrivals.withLock { arrivals in
                    if message.topic.hasSuffix("trigger"), arrivals.firstTrigger == nil { arrivals.firstTrigger = time }
                    if message.topic.hasSuffix("emergency") { arrivals.stop = time }
                }
            }
            do {
                try await Self.flood(daemon, observer: observer, port: broker.port, arrivals: arrivals)
            } catch {
                try? await daemon.stop()
                throw error
            }
            try await daemon.stop()
        }
    }

    private static func flood(_ daemon: DaemonUnderTest, observer: Observer, port: Int, arrivals: ArrivalLog) async throws {
        let topics = daemon.topics
        try await observer.event("mqtt_connected", on: topics.telemetry, after: 0)
        try observer.publish(topics.trigger, "trigger")
        try await observer.message(on: topics.state, where: "state", is: "RUNNING", after: 0)
        arrivals.withLock { $0 = Arrivals() }

        var options = MQTTClientOptions(host: "127.0.0.1", port: port, clientID: "flood-\(UUID().uuidString.prefix(8))")
        options.cleanSession = true
        let flooder = try MosquittoClient(options: options)
        defer { flooder.stop() }
        let events = flooder.events
        try flooder.start()
        for await event in events {
            if case .connected = event { break }
        }
        let trigger = MQTTOutgoing(topic: topics.trigger, payload: bytes("trigger"), qos: 0, retain: false)
        for _ in 0..<50_000 { try flooder.publish(trigger) }
        // The same connection, so the broker forwards it after the triggers.
        try flooder.publish(MQTTOutgoing(topic: topics.emergency, payload: bytes("stop"), qos: 1, retain: false))

        try await waitUntil("the stop to arrive", within: .seconds(60)) { arrivals.withLock { $0.stop != nil } }
        let (firstTrigger, stop) = arrivals.withLock { ($0.firstTrigger ?? .nan, $0.stop!) }
        // The stop's first step: the ignition-off pulse begins.
        func pulse() -> MockPinDriver.LevelChange? {
            daemon.changes(of: .ignitionOff).first { $0.level == .high && $0.time >= stop }
        }
        try await waitUntil("the ignition-off pulse for the stop", within: .seconds(30), context: { daemon.pinReport }) { pulse() != nil }
        let handled = pulse()!.time
        let latency = handled - stop
        print("flood: 50,000 triggers arrived over \(Int((stop - firstTrigger) * 1000)) ms; the stop was handled \(String(format: "%.1f", latency * 1000)) ms after it arrived")
        #expect(latency >= 0 && latency < 1.0, "stop handled \(latency) s after its arrival\n\(daemon.pinReport)")
        try await observer.message(on: topics.state, where: "state", is: "LOCKOUT", after: 0, within: .seconds(30))
    }
}
