import FirepumpCore
import FirepumpMQTT
import Glibc

/// The benchmark's control panel: its own broker connection that publishes operator commands
/// and follows the daemon's retained state topic.
///
/// Used by one task at a time (it holds the event stream's iterator).
struct PumpOperator {
    private let client: MosquittoClient
    private let topics: Topics
    private let port: Int
    private var events: AsyncStream<MQTTClientEvent>.Iterator

    /// Connects to the broker on 127.0.0.1:`port` (in the background) and subscribes to the
    /// state topic of `topics` at QoS 0: this client then never acknowledges anything, so no
    /// acknowledgement of its own is in flight when it sends a command, and Nagle's algorithm
    /// (on in libmosquitto) does not hold the command for the broker's delayed ACK (~40 ms).
    init(port: Int, topics: Topics) throws(MosquittoError) {
        var options = MQTTClientOptions(host: "127.0.0.1", port: port, clientID: "firepump-bench-operator-\(getpid())")
        options.cleanSession = true
        options.subscriptions = [MQTTSubscription(topic: topics.state, qos: 0)]
        client = try MosquittoClient(options: options)
        events = client.events.makeAsyncIterator()
        self.topics = topics
        self.port = port
        try client.start()
    }

    /// Publishes an operator command on the emergency topic.
    func send(_ command: Command) throws(MosquittoError) {
        try client.publish(MQTTOutgoing(topic: topics.emergency, payload: Array(command.rawValue.utf8), qos: 1))
    }

    /// Waits until the daemon's state topic says `phase`; the states it passes through on the
    /// way are skipped.
    /// - Throws: ``BenchFailure`` when this client loses the broker or stops.
    mutating func waitFor(_ phase: Phase) async throws(BenchFailure) {
        while let event = await events.next() {
            switch event {
            case .connected:
                continue
            case .disconnected(let reason):
                throw BenchFailure("the benchmark's MQTT link dropped: \(reason)")
            case .connectionFailed(let error):
                throw BenchFailure("cannot connect to mosquitto on 127.0.0.1:\(port): \(error)")
            case .message(let message):
                if message.topic == topics.state, Self.phase(in: message.payload) == phase { return }
            }
        }
        throw BenchFailure("stopped waiting for \(phase.rawValue) on \(topics.state)")
    }

    /// Disconnects.
    func stop() {
        client.stop()
    }

    /// The `state` member of a state-topic payload.
    private static func phase(in payload: [UInt8]) -> Phase? {
        (try? JSONReader.parse(payload))?["state"]?.stringValue.flatMap(Phase.init(rawValue:))
    }
}
