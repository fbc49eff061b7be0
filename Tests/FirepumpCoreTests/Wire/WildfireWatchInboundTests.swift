import FirepumpCore
import Testing

/// Issue 8 item 3: the operator commands of wildfire-watch's own docs. Its runbook's manual fire
/// trigger test sends `{"action": "activate"}` to `fire/trigger`; its troubleshooting guide's
/// "pump won't stop" sends `mosquitto_pub -t gpio/emergency/stop -m 1`.
@Suite("Inbound MQTT messages: wildfire-watch's runbook commands")
struct WildfireWatchInboundTests {
    static let topics = Topics.reference(host: "pi")

    static func event(_ topic: String, _ payload: [UInt8], retained: Bool = false, topics: Topics = topics) -> PumpEvent? {
        InboundMessage.event(topic: topic, payload: payload, retained: retained, topics: topics)
    }

    @Test("action 'activate' on the trigger topic is a trigger, in any case and spacing", arguments: [
        #"{"action": "activate"}"#, #"{"action":"ACTIVATE"}"#, #"{"action":" Activate\n"}"#, #" {"action":"activate","source":"runbook"} "#,
    ])
    func activate(_ payload: String) {
        #expect(Self.event("fire/trigger", Array(payload.utf8)) == .trigger)
    }

    @Test("a retained activate is stale and ignored, as every retained trigger")
    func retainedActivate() {
        guard case .messageRefused(let refusal) = Self.event("fire/trigger", Array(#"{"action":"activate"}"#.utf8), retained: true) else {
            Issue.record("a retained activate was not refused")
            return
        }
        #expect(refusal.wire.name == "trigger_ignored")
    }

    @Test("'activate' on the emergency topic is not a command: it is unknown there")
    func activateIsNoCommand() {
        guard case .messageRefused(let refusal) = Self.event("fire/emergency", Array(#"{"action":"activate"}"#.utf8)) else {
            Issue.record("activate on the emergency topic was accepted")
            return
        }
        #expect(refusal.wire.name == "emergency_command_unknown")
    }

    @Test("any payload on gpio/emergency/stop, not retained, is the emergency stop", arguments: [
        "1", "stop", "", "{}", #"{"action":"start"}"#, "reset", String(repeating: "x", count: 100_000),
    ])
    func emergencyStop(_ payload: String) {
        #expect(Self.event("gpio/emergency/stop", Array(payload.utf8)) == .command(.stop))
    }

    @Test("bytes that are not UTF-8 on gpio/emergency/stop are a stop as well: the payload is not read")
    func emergencyStopBinary() {
        #expect(Self.event("gpio/emergency/stop", [0xFF, 0x00, 0xC3]) == .command(.stop))
    }

    @Test("a retained message on gpio/emergency/stop is refused like a retained command, and changes nothing")
    func retainedEmergencyStop() {
        let refused = Self.event("gpio/emergency/stop", Array("1".utf8), retained: true)
        #expect(refused == Self.event("fire/emergency", Array("stop".utf8), retained: true))
        guard case .messageRefused(let refusal) = refused else {
            Issue.record("a retained stop was acted on")
            return
        }
        #expect(refusal.wire.name == "emergency_command_error")
        #expect(refusal.wire["error"]?.stringValue?.contains("retained") == true)
    }

    @Test("with TOPIC_PREFIX the stop topic is prefixed and the bare one is not ours; the retained outputs are never inputs")
    func prefixAndOutputs() {
        let prefixed = Topics.reference(prefix: "site1", host: "pi")
        #expect(Self.event("site1/gpio/emergency/stop", Array("1".utf8), topics: prefixed) == .command(.stop))
        #expect(Self.event("gpio/emergency/stop", Array("1".utf8), topics: prefixed) == nil)
        for topic in ["gpio/status", "system/gpio_trigger/health", "system/gpio_trigger/lwt", "gpio/emergency", "gpio/emergency/stop/x"] {
            #expect(Self.event(topic, Array("1".utf8)) == nil, "\(topic)")
        }
    }
}
