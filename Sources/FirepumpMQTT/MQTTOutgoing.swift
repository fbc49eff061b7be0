/// A message this client sends: an ordinary publish, the will, the birth or the final message.
public struct MQTTOutgoing: Sendable, Equatable {
    /// The topic to publish on. It must not contain the wildcards `+` or `#`.
    public var topic: String
    /// The payload bytes. At most 268,435,455 bytes (the MQTT limit); a will at most 65,535.
    public var payload: [UInt8]
    /// Quality of service: 0, 1 or 2.
    public var qos: Int
    /// Whether the broker keeps the message as the topic's retained message.
    public var retain: Bool

    /// A message for `topic` with the given payload, QoS and retain flag.
    public init(topic: String, payload: [UInt8], qos: Int = 1, retain: Bool = false) {
        self.topic = topic
        self.payload = payload
        self.qos = qos
        self.retain = retain
    }
}
