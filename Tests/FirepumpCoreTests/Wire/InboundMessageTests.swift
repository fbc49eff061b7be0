import FirepumpCore
import Testing

/// Target §8: what a message on the trigger and emergency topics becomes.
@Suite("Inbound MQTT messages")
struct InboundMessageTests {
    static let topics = Topics.reference(host: "pi")

    static func event(_ topic: String, _ payload: [UInt8], retained: Bool = false) -> PumpEvent? {
        InboundMessage.event(topic: topic, payload: payload, retained: retained, topics: topics)
    }

    static func trigger(_ text: String, retained: Bool = false) -> PumpEvent? {
        event("fire/trigger", Array(text.utf8), retained: retained)
    }

    static func emergency(_ text: String, retained: Bool = false) -> PumpEvent? {
        event("fire/emergency", Array(text.utf8), retained: retained)
    }

    /// The refusal, if the event is one: its name and reason/error/command text.
    static func refusal(_ event: PumpEvent?) -> (name: String, detail: String)? {
        guard case .messageRefused(let refusal) = event else { return nil }
        let report = refusal.wire
        let detail = (report["reason"] ?? report["error"] ?? report["command"])?.stringValue ?? ""
        return (report.name, detail)
    }

    // MARK: Trigger topic

    @Test("accepted as a trigger: non-JSON text, action 'trigger' in any case and spacing, objects without action", arguments: [
        "fire!", "1", "TRIGGER", "  ", "trigger",
        #"{"action":"trigger"}"#, #"{"action":"TRIGGER"}"#, #"{"action":" Trigger "}"#, #"  { "action" : "trigger" }  "#,
        #"{"action":"trigger","confidence":"high","timestamp":1.7e9,"trigger_count":3,"consensus_cameras":["a","b"],"fire_locations":[["a",1]],"service_id":"fire_consensus_pi","zones":["z1"]}"#,
        #"{}"#, #"{"confidence":"high"}"#, #"{"action":null}"#,
    ])
    func triggerAccepted(_ payload: String) {
        #expect(Self.trigger(payload) == .trigger)
    }

    @Test("ignored with trigger_ignored{reason}: retained, other actions, non-string action, arrays, malformed JSON", arguments: [
        (#"{"action":"trigger"}"#, true, "retained"),
        ("", true, "retained"),
        (#"{"action":"stop"}"#, false, "action 'stop' is not a trigger"),
        (#"{"action":"test"}"#, false, "action 'test' is not a trigger"),
        (#"{"action":1}"#, false, "action must be a string"),
        (#"{"action":true}"#, false, "action must be a string"),
        (#"{"action":["trigger"]}"#, false, "action must be a string"),
        (#"["trigger"]"#, false, "not an object"),
        ("[]", false, "not an object"),
        (#"{"action":"trigger""#, false, "malformed JSON"),
        (#"{"action":"trigger"} x"#, false, "malformed JSON"),
        ("{", false, "malformed JSON"),
        (#"{action:"trigger"}"#, false, "malformed JSON"),
        ("", false, "empty payload"),
        ("\u{FEFF}", false, "empty payload"),
    ])
    func triggerIgnored(_ payload: String, _ retained: Bool, _ reason: String) throws {
        let refusal = try #require(Self.refusal(Self.trigger(payload, retained: retained)))
        #expect(refusal.name == "trigger_ignored")
        #expect(refusal.detail.contains(reason), "\(refusal.detail)")
    }

    @Test("a bare command word on the trigger topic is not a trigger (H5)", arguments: ["stop", "STOP", " stop\n", "emergency_stop", "reset", "valve_close", "valve_open", "cancel", "off", "clear"])
    func commandWordOnTriggerTopic(_ payload: String) throws {
        let refusal = try #require(Self.refusal(Self.trigger(payload)))
        #expect(refusal.name == "trigger_ignored")
        #expect(refusal.detail.contains("is a command, not a trigger"))
    }

    @Test("clearing a retained trigger (mosquitto_pub -r -n: an empty payload, delivered live with retain 0) does not start the pump")
    func clearedRetainedTrigger() throws {
        for retained in [false, true] {
            let refusal = try #require(Self.refusal(Self.event("fire/trigger", [], retained: retained)))
            #expect(refusal.name == "trigger_ignored")
        }
        #expect(Self.trigger("\n") == .trigger, "only a payload with no bytes is a clearing; whitespace is text")
    }

    @Test("a leading UTF-8 byte-order mark is skipped: the JSON after it is read", arguments: [
        ("\u{FEFF}" + #"{"action":"trigger"}"#, nil),
        ("\u{FEFF}" + #"{"action":"stop"}"#, "action 'stop' is not a trigger"),
        ("\u{FEFF}" + #" {"action":1}"#, "action must be a string"),
        ("\u{FEFF}stop", "'stop' is a command"),
        ("\u{FEFF}" + #"{"action":"trigger""#, "malformed JSON"),
    ] as [(String, String?)])
    func byteOrderMarkOnTriggerTopic(_ payload: String, _ reason: String?) throws {
        let event = Self.trigger(payload)
        guard let reason else {
            #expect(event == .trigger)
            return
        }
        let refusal = try #require(Self.refusal(event))
        #expect(refusal.name == "trigger_ignored")
        #expect(refusal.detail.contains(reason), "\(refusal.detail)")
    }

    @Test("a leading UTF-8 byte-order mark is skipped on the emergency topic")
    func byteOrderMarkOnEmergencyTopic() throws {
        #expect(Self.emergency("\u{FEFF}" + #"{"command":"stop"}"#) == .command(.stop))
        #expect(Self.emergency("\u{FEFF}reset") == .command(.reset))
        let refusal = try #require(Self.refusal(Self.emergency("\u{FEFF}" + #"{"command":"stop""#)))
        #expect(refusal.name == "emergency_command_error")
        #expect(Self.refusal(Self.emergency("\u{FEFF}\u{FEFF}stop"))?.name == "emergency_command_unknown", "only one mark is skipped")
    }

    @Test("a 1 MiB payload is refused unread on both topics")
    func hugePayload() throws {
        let payload = [UInt8](repeating: UInt8(ascii: "a"), count: 1 << 20)
        let trigger = try #require(Self.refusal(Self.event("fire/trigger", payload)))
        #expect(trigger.name == "trigger_ignored" && trigger.detail.contains("too large"))
        let command = try #require(Self.refusal(Self.event("fire/emergency", payload)))
        #expect(command.name == "emergency_command_error" && command.detail.contains("too large"))
        // Exactly the limit is still read.
        let limit = [UInt8](repeating: UInt8(ascii: " "), count: InboundMessage.maxPayloadBytes)
        #expect(Self.event("fire/trigger", limit) == .trigger)
    }

    @Test("invalid UTF-8 is refused on both topics", arguments: [[0xFF], [0xC3], [0x7B, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x7D], [0xF8, 0x88, 0x80, 0x80, 0x80]] as [[UInt8]])
    func invalidUTF8(_ payload: [UInt8]) throws {
        let trigger = try #require(Self.refusal(Self.event("fire/trigger", payload)))
        #expect(trigger.name == "trigger_ignored" && trigger.detail.contains("UTF-8"))
        let command = try #require(Self.refusal(Self.event("fire/emergency", payload)))
        #expect(command.name == "emergency_command_error")
    }

    @Test("JSON nested 10 000 deep is refused without crashing", arguments: ["[", "{\"a\":"])
    func deepNesting(_ opener: String) throws {
        let deep = String(repeating: opener, count: 10_000)
        for payload in [deep, "{\"action\":" + deep] {
            let trigger = try #require(Self.refusal(Self.trigger(payload)))
            #expect(trigger.name == "trigger_ignored")
            let command = try #require(Self.refusal(Self.emergency("{\"command\":" + payload + "}")))
            #expect(command.name == "emergency_command_error")
        }
    }

    @Test("messages on other topics are not events")
    func otherTopics() {
        #expect(Self.event("fire/trigger/x", []) == nil)
        #expect(Self.event("system/trigger_telemetry", Array("stop".utf8)) == nil)
        #expect(Self.event("FIRE/TRIGGER", []) == nil)
    }

    // MARK: Emergency topic

    @Test("every command as a bare word, {action}, {command} (H10), in any case and with spaces", arguments: Command.allCases)
    func commandForms(_ command: Command) {
        let word = command.rawValue
        let forms = [
            word, word.uppercased(), " \(word)\n", "\t\(word.prefix(1).uppercased() + word.dropFirst()) ",
            #"{"action":"\#(word)"}"#, #"{"command":"\#(word)"}"#,
            #"{"action":" \#(word.uppercased()) "}"#, #"  {"command" : "\#(word)", "source": "runbook"}  "#,
        ]
        for form in forms {
            #expect(Self.emergency(form) == .command(command), "\(form)")
        }
    }

    @Test("the emergency words are exactly the reference's, and exercise")
    func commandWords() {
        #expect(Set(Command.allCases.map(\.rawValue)) == ["start", "bypass_start", "stop", "emergency_stop", "reset", "valve_open", "valve_close", "exercise"])
    }

    @Test("an unknown command → emergency_command_unknown{command}", arguments: ["shutdown", "", "stop please", "st op", #"{"action":"explode"}"#, #"{"command":"halt"}"#, "[\"stop\"]", "\"stop\""])
    func unknownCommand(_ payload: String) throws {
        let refusal = try #require(Self.refusal(Self.emergency(payload)))
        #expect(refusal.name == "emergency_command_unknown")
    }

    @Test("the unknown command is echoed, cut to 64 characters")
    func unknownEchoed() throws {
        let refusal = try #require(Self.refusal(Self.emergency(String(repeating: "x", count: 200))))
        #expect(refusal.detail == String(repeating: "x", count: 64) + "…")
        #expect(Self.refusal(Self.emergency("Explode"))?.detail == "Explode")
    }

    @Test("malformed JSON or JSON without a string action/command → emergency_command_error{error}", arguments: [
        "{", #"{"action":}"#, #"{"action":"stop""#, #"{"action":1}"#, #"{"command":null}"#, "{}", #"{"actions":"stop"}"#,
    ])
    func commandError(_ payload: String) throws {
        let refusal = try #require(Self.refusal(Self.emergency(payload)))
        #expect(refusal.name == "emergency_command_error")
        #expect(!refusal.detail.isEmpty)
    }

    @Test("a string 'action' wins over 'command'; a non-string action falls back to 'command'")
    func actionAndCommand() {
        #expect(Self.emergency(#"{"action":"reset","command":"stop"}"#) == .command(.reset))
        #expect(Self.emergency(#"{"action":5,"command":"stop"}"#) == .command(.stop))
    }

    @Test("a retained command is never executed: emergency_command_error", arguments: ["stop", "start", #"{"command":"reset"}"#])
    func retainedCommand(_ payload: String) throws {
        let refusal = try #require(Self.refusal(Self.emergency(payload, retained: true)))
        #expect(refusal.name == "emergency_command_error")
        #expect(refusal.detail.contains("retained"))
    }

    @Test("a refused message reaches the machine only as an event to publish; the state does not change")
    func refusedMessageChangesNothing() throws {
        var pump = Driver()
        let event = try #require(Self.trigger(#"{"action":"stop"}"#))
        let before = pump.state
        let actions = pump.send(event)
        #expect(actions.count == 1)
        #expect(actions.first?.reportedEvent?.name == "trigger_ignored")
        #expect(pump.state == before)
    }

    // MARK: Topics

    @Test("TOPIC_PREFIX applies to every topic, availability and state included")
    func prefixEverywhere() throws {
        let topics = Topics.reference(prefix: "site1", host: "pump-pi")
        #expect(topics.trigger == "site1/fire/trigger")
        #expect(topics.emergency == "site1/fire/emergency")
        #expect(topics.telemetry == "site1/system/trigger_telemetry")
        #expect(topics.availability == "site1/system/trigger_telemetry/pump-pi/lwt")
        #expect(topics.state == "site1/system/trigger_telemetry/pump-pi/state")
        let trigger = Array(#"{"action":"trigger"}"#.utf8)
        #expect(InboundMessage.event(topic: "site1/fire/trigger", payload: trigger, retained: false, topics: topics) == .trigger)
        #expect(InboundMessage.event(topic: "fire/trigger", payload: trigger, retained: false, topics: topics) == nil, "the unprefixed topic is not ours")
    }

    @Test("no prefix: the reference topics unchanged")
    func noPrefix() {
        #expect(Self.topics.trigger == "fire/trigger")
        #expect(Self.topics.emergency == "fire/emergency")
        #expect(Self.topics.telemetry == "system/trigger_telemetry")
        #expect(Self.topics.availability == "system/trigger_telemetry/pi/lwt")
        #expect(Self.topics.state == "system/trigger_telemetry/pi/state")
    }
}
