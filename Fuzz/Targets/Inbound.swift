import FirepumpCore
import FirepumpSettings

// Fuzz target "inbound": an MQTT message on the trigger, the emergency or the
// `gpio/emergency/stop` topic, as `InboundMessage.event(topic:payload:retained:topics:)` reads it
// in the daemon and the simulator. The first byte picks the topic (bit 2 set: the stop topic,
// else bit 0) and the retain flag (bit 1); the rest is the payload.

private let topics = Topics(MQTTConfig(), host: "fuzz")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzInbound(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeBufferPointer(start: data, count: size)
    guard let selector = input.first else { return 0 }
    let topic = selector & 4 != 0 ? topics.wildfireWatch.emergencyStop : selector & 1 == 0 ? topics.trigger : topics.emergency
    let retained = selector & 2 != 0
    let payload = Array(input.dropFirst())
    guard let event = InboundMessage.event(topic: topic, payload: payload, retained: retained, topics: topics) else {
        fatalError("no event for a message on \(topic)")
    }
    // A retained message and an empty trigger are never acted on.
    let refused: Bool
    switch event {
    case .messageRefused: refused = true
    default: refused = false
    }
    if retained && !refused { fatalError("a retained message on \(topic) became \(event)") }
    if topic == topics.trigger && payload.isEmpty && !refused { fatalError("an empty trigger payload became \(event)") }
    // Any live message on the stop topic is the emergency stop, whatever its bytes.
    if topic == topics.wildfireWatch.emergencyStop && !retained && event != .command(.stop) {
        fatalError("a message on \(topic) became \(event)")
    }
    return 0
}
