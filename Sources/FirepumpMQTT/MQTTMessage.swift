/// A message the broker delivered to this client on one of its subscriptions.
public struct MQTTMessage: Sendable, Equatable {
    /// The topic it was published on.
    public var topic: String
    /// The payload bytes, possibly empty.
    public var payload: [UInt8]
    /// The QoS it was delivered with (the lower of the publisher's and the subscription's).
    public var qos: Int
    /// True when the broker sent it as the topic's stored retained message (MQTT 3.1.1: on
    /// subscribing); false for a message forwarded live, even if its publisher set retain.
    public var retain: Bool

    /// A delivered message.
    public init(topic: String, payload: [UInt8], qos: Int, retain: Bool) {
        self.topic = topic
        self.payload = payload
        self.qos = qos
        self.retain = retain
    }
}
