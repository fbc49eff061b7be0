/// Everything a `MosquittoClient` needs to know before it connects (MQTT 3.1.1).
public struct MQTTClientOptions: Sendable {
    /// Broker host name or IP address.
    public var host: String
    /// Broker TCP port, 1...65535 (1883 plain, usually 8883 with TLS).
    public var port: Int
    /// The client identifier. Must not be empty when `cleanSession` is false.
    public var clientID: String
    /// False keeps the broker-side session (subscriptions, queued QoS 1/2 messages) across
    /// reconnects; true starts afresh every time.
    public var cleanSession: Bool = false
    /// Keepalive interval in seconds, 5...65535. A silent connection is declared dead after
    /// 1.5 times this, by the broker (which then publishes the will) and by the client.
    public var keepAlive: Int = 60
    /// User name for the broker's password check, if any.
    public var username: String?
    /// Password for `username`.
    public var password: String?
    /// TLS settings; nil for plain TCP.
    public var tls: MQTTTLSOptions?
    /// Last will: the broker publishes it if the connection ends without a clean disconnect.
    public var will: MQTTOutgoing?
    /// Made and published after every successful (re)connect, typically a retained "online";
    /// made anew each time so that it can carry the time of that connection.
    public var birth: (@Sendable () -> MQTTOutgoing)?
    /// Subscribed on every successful (re)connect.
    public var subscriptions: [MQTTSubscription] = []
    /// First delay before retrying after a failed or lost connection.
    public var reconnectDelayMin: Duration = .seconds(1)
    /// Longest delay between retries; the delay doubles from `reconnectDelayMin` up to this, and
    /// starts again from `reconnectDelayMin` after a connection was accepted. Short by default so
    /// that the pump is back on the broker within seconds of the end of a long outage.
    public var reconnectDelayMax: Duration = .seconds(5)

    /// Options for `clientID` on `host:port`; everything else has the defaults above.
    public init(host: String, port: Int = 1883, clientID: String) {
        self.host = host
        self.port = port
        self.clientID = clientID
    }
}
