/// A topic filter the client subscribes to on every (re)connect.
public struct MQTTSubscription: Sendable, Equatable {
    /// The topic filter; `+` and `#` wildcards are allowed.
    public var topic: String
    /// The maximum QoS the broker should deliver with: 0, 1 or 2.
    public var qos: Int

    /// A subscription to `topic` at `qos`.
    public init(topic: String, qos: Int = 1) {
        self.topic = topic
        self.qos = qos
    }
}
