/// Where the controller's MQTT publishes go: libmosquitto in the daemon, an in-process
/// stand-in in the simulator. Publishing never blocks and never throws: a transport that
/// cannot deliver logs why (the pump does not stop for the network, target §1.1).
public protocol TelemetryTransport: AnyObject {
    /// Publishes a payload at QoS 1. It may wait, queued, for ``flush()``.
    func publish(topic: String, payload: [UInt8], retain: Bool)
    /// Sends what was published and is still queued, together.
    func flush()
}

extension TelemetryTransport {
    /// A transport that sends each message as it is published has nothing to flush.
    public func flush() {}
}
