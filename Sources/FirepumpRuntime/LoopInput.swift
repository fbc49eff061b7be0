import FirepumpCore

/// What reaches the daemon's controller, from any thread: the broker's network thread, the pin
/// driver's edge thread, signal handling. (Deadlines are not queued: the loop wakes for them.)
public enum LoopInput: Sendable {
    /// An event for the state machine (an input change, a shutdown request).
    case event(PumpEvent)
    /// A message from the broker.
    case message(topic: String, payload: [UInt8], retained: Bool)
    /// The broker link came up (again).
    case mqttConnected
    /// The broker link went down; the pump carries on (target §1.1).
    case mqttDisconnected(reason: String)
}
