import FirepumpCore
import FirepumpMQTT
import Glibc

/// A fire sensor: its own broker connection that only ever publishes triggers.
///
/// It is kept apart from ``PumpOperator`` on purpose. A client that has just acknowledged a
/// message (the operator acknowledges every state update) has a small TCP segment in flight,
/// and with Nagle's algorithm on (libmosquitto's default) its next publish waits for the
/// broker's delayed ACK, about 40 ms. A sensor's link is quiet between triggers, and so is this
/// one: each cycle lasts longer than the broker takes to acknowledge the previous trigger.
struct TriggerSource {
    private let client: MosquittoClient
    private let port: Int
    private var events: AsyncStream<MQTTClientEvent>.Iterator
    /// The reference's trigger payload, at QoS 1 like `mosquitto_pub -q 1`.
    private let message: MQTTOutgoing

    /// Starts connecting to mosquitto on 127.0.0.1:`port`; see ``waitUntilConnected()``.
    init(port: Int, topics: Topics) throws(MosquittoError) {
        client = try MosquittoClient(
            options: MQTTClientOptions(host: "127.0.0.1", port: port, clientID: "firepump-bench-sensor-\(getpid())"))
        events = client.events.makeAsyncIterator()
        self.port = port
        message = MQTTOutgoing(topic: topics.trigger, payload: Array(#"{"action":"trigger"}"#.utf8), qos: 1)
        try client.start()
    }

    /// Waits for the broker to accept the connection.
    /// - Throws: ``BenchFailure`` when it refuses, or the client stops first.
    mutating func waitUntilConnected() async throws(BenchFailure) {
        guard let event = await events.next() else { throw BenchFailure("stopped waiting for the sensor's connection") }
        guard case .connected = event else {
            throw BenchFailure("the sensor cannot connect to mosquitto on 127.0.0.1:\(port): \(event)")
        }
    }

    /// Publishes one fire trigger; returns once libmosquitto has queued it.
    func trigger() throws(MosquittoError) {
        try client.publish(message)
    }

    /// Disconnects.
    func stop() {
        client.stop()
    }
}
