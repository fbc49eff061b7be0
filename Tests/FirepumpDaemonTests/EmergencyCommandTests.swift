import FirepumpCore
import FirepumpHAL
import FirepumpMQTT
import FirepumpTestSupport
import Testing

/// Issue 3, item 2: operator commands on `fire/emergency` in every accepted form (bare word,
/// `{"action":…}`, `{"command":…}`, any case, surrounding whitespace) act on the pump; unknown and
/// malformed ones are answered with an event and change nothing.
@Suite("Emergency commands through a real broker", .timeLimit(.minutes(1)))
struct EmergencyCommandTests {
    /// One command, what it must produce, and where the pump must be afterwards.
    struct Step: Sendable {
        var payload: String
        var event: String
        var state: String
        var outputs: Set<Output>
    }

    static let valves: Set<Output> = [.mainValve, .primingValve, .refillValve]

    /// Every accepted form, each in a state where it has a visible effect.
    static let steps: [Step] = [
        Step(payload: "start", event: "emergency_bypass_start", state: "PRIMING", outputs: valves),
        Step(payload: "  STOP \n", event: "emergency_stop", state: "LOCKOUT", outputs: []),
        Step(payload: #"{"command":"Reset"}"#, event: "emergency_reset", state: "IDLE", outputs: []),
        Step(payload: #"{"action":"valve_open"}"#, event: "emergency_valve_open", state: "IDLE", outputs: [.mainValve]),
        Step(payload: "\tVaLvE_cLoSe\t", event: "emergency_valve_close", state: "IDLE", outputs: []),
        Step(payload: #"{"action":" BYPASS_START "}"#, event: "emergency_bypass_start", state: "PRIMING", outputs: valves),
        Step(payload: #" { "command" : "Emergency_Stop" } "#, event: "emergency_stop", state: "LOCKOUT", outputs: []),
        Step(payload: "RESET", event: "emergency_reset", state: "IDLE", outputs: []),
    ]

    @Test("every accepted form of start, stop, reset, valve_open and valve_close has its effect on state and relays")
    func acceptedForms() async throws {
        try await withBrokerAndDaemon(settings: ["VALVE_CLOSE_DELAY": "0.3"]) { _, observer, daemon in
            let topics = daemon.topics
            try await observer.event("mqtt_connected", on: topics.telemetry, after: 0)
            var state = "IDLE"
            for step in Self.steps {
                let mark = await observer.log.mark
                try observer.publish(topics.emergency, step.payload)
                let event = try await observer.event(step.event, on: topics.telemetry, after: mark)
                let reported = event["system_state"]?["state"]?.stringValue ?? ""
                expectEnvelope(event, action: step.event, host: daemon.host, state: reported, maxUptime: daemon.now)
                if step.state == state {
                    #expect(reported == state, "\(step.payload.debugDescription)")
                } else {
                    // A stop passes through STOPPING (the ignition-off pulse) on its way to LOCKOUT.
                    try await observer.message(on: topics.state, where: "state", is: step.state, after: mark)
                    state = step.state
                }
                try await daemon.waitForOutputs(step.outputs)
                #expect(await !observer.actions(on: topics.telemetry, after: mark).contains { $0.hasPrefix("emergency_command_") },
                        "\(step.payload.debugDescription) was refused")
            }
            // The stops went through the stop sequence: the ignition-off pulse, once each.
            #expect(daemon.changes(of: .ignitionOff).filter { $0.level == .high }.count == 2, "\(daemon.pinReport)")
        }
    }

    @Test("unknown words and malformed payloads give their event and change neither the state nor any relay")
    func unknownAndInvalidChangeNothing() async throws {
        try await withBrokerAndDaemon { _, observer, daemon in
            let topics = daemon.topics
            try await observer.event("mqtt_connected", on: topics.telemetry, after: 0)
            try observer.publish(topics.emergency, "start")
            try await daemon.waitForOutputs(Self.valves)
            try await observer.event("refill_valve_opened_immediately", on: topics.telemetry, after: 0)
            let pinChanges = daemon.pins.history.count
            let mark = await observer.log.mark

            let refused: [(payload: [UInt8], event: String, field: String, says: String)] = [
                (bytes("launch"), "emergency_command_unknown", "command", "launch"),
                (bytes(#"{"action":"Self_Destruct"}"#), "emergency_command_unknown", "command", "Self_Destruct"),
                (bytes(""), "emergency_command_unknown", "command", ""),
                (bytes(#"{"action":"stop""#), "emergency_command_error", "error", "malformed JSON"),
                (bytes(#"{"target":"stop"}"#), "emergency_command_error", "error", "'action' or 'command'"),
                (bytes(#"{"action":7}"#), "emergency_command_error", "error", "'action' or 'command'"),
                ([0x73, 0x74, 0xFF, 0x70], "emergency_command_error", "error", "not UTF-8"),
                (bytes("valve_close"), "emergency_command_refused", "reason", "engine"),
            ]
            for message in refused {
                try observer.publish(topics.emergency, message.payload)
            }
            // Commands are handled in order: once this one is answered, all of the above were.
            try observer.publish(topics.emergency, "valve_open")
            let sentinel = try await observer.event("emergency_valve_open", on: topics.telemetry, after: mark)
            #expect(sentinel["result"]?.stringValue == "already open")

            let answers = await observer.messages(on: topics.telemetry, after: mark).compactMap(\.json)
            #expect(answers.count == refused.count + 1, "\(answers.map(\.serialized))")
            for (message, answer) in zip(refused, answers) {
                #expect(answer["action"]?.stringValue == message.event, "\(message.payload) → \(answer.serialized)")
                let text = answer[message.field]?.stringValue
                #expect(text != nil && (message.says.isEmpty ? text == "" : text!.contains(message.says)), "\(answer.serialized)")
                #expect(answer["system_state"]?["state"]?.stringValue == "PRIMING")
            }
            #expect(await observer.messages(on: topics.state, after: mark).isEmpty, "the state was republished")
            #expect(daemon.pins.history.count == pinChanges, "a relay changed:\n\(daemon.pinReport)")
            #expect(daemon.outputsOn == Self.valves)
        }
    }
}
