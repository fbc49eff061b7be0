import FirepumpCore
import FirepumpHAL
import FirepumpMQTT
import FirepumpSettings
import FirepumpTestSupport
import Testing

/// Issue 3, item 3: what must not start the pump from `fire/trigger` — a stale retained
/// trigger, a JSON whose `action` is something else, and hostile payloads (1 MiB, invalid UTF-8,
/// deeply nested JSON) — is answered with a `trigger_ignored` event naming the reason, changes
/// nothing, does not crash the daemon, and a following valid trigger still works.
@Suite("Triggers that must be ignored", .timeLimit(.minutes(1)))
struct RefusedTriggerTests {
    static let valves: Set<Output> = [.mainValve, .primingValve, .refillValve]

    @Test("a trigger and a start command retained before the daemon connects are ignored as stale; a live trigger then starts the pump")
    func retainedMessagesAreIgnored() async throws {
        try await withBroker { broker, observer in
            // The default topics: the daemon's host name is not part of them.
            let defaults = Topics(MQTTConfig(), host: "any")
            try observer.publish(defaults.trigger, #"{"action":"trigger"}"#, retain: true)
            try observer.publish(defaults.emergency, "start", retain: true)
            try await observer.probe()  // both are stored at the broker now

            try await withDaemon(port: broker.port) { daemon in
                let topics = daemon.topics
                let ignored = try await observer.event("trigger_ignored", on: topics.telemetry, after: 0)
                #expect(ignored["reason"]?.stringValue?.contains("retained") == true, "\(ignored.serialized)")
                let refused = try await observer.event("emergency_command_error", on: topics.telemetry, after: 0)
                #expect(refused["error"]?.stringValue?.contains("retained") == true, "\(refused.serialized)")
                #expect(daemon.outputsOn.isEmpty, "\(daemon.pinReport)")
                #expect(await observer.messages(on: topics.state, after: 0).allSatisfy { $0.json?["state"]?.stringValue == "IDLE" })

                try observer.publish(topics.trigger, #"{"action":"trigger"}"#)
                try await daemon.waitForOutputs(Self.valves)
            }
        }
    }

    @Test("non-trigger actions, commands, 1 MiB, invalid UTF-8 and deeply nested JSON each give trigger_ignored and change nothing")
    func hostilePayloadsAreIgnored() async throws {
        try await withBrokerAndDaemon { _, observer, daemon in
            let topics = daemon.topics
            try await observer.event("mqtt_connected", on: topics.telemetry, after: 0)
            // The retained state of the connect comes after its event: wait for it before the mark.
            try await observer.message(on: topics.state, where: "state", is: "IDLE", after: 0)
            let mark = await observer.log.mark
            let nested = String(repeating: #"{"a":"#, count: 1_000) + "1" + String(repeating: "}", count: 1_000)
            let ignored: [(payload: [UInt8], reason: String)] = [
                (bytes(#"{"action":"cancel","confidence":"high"}"#), "'cancel' is not a trigger"),
                (bytes(#"{"action":"fire_out"}"#), "'fire_out' is not a trigger"),
                (bytes(#"{"action":1}"#), "must be a string"),
                (bytes(" Stop "), "'stop' is a command"),
                ([UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20), "too large (1048576 bytes)"),
                ([0x7B, 0x22, 0xC3, 0x28, 0x22, 0x7D], "not UTF-8"),
                ([0xFF, 0xFE, 0xFD], "not UTF-8"),
                (bytes(nested), "nesting deeper than 32"),
                (bytes(String(repeating: "[", count: 60_000)), "nesting deeper than 32"),
                (bytes(#"{"action":"trigger""#), "malformed JSON"),
            ]
            for message in ignored {
                try observer.publish(topics.trigger, message.payload)
            }
            let answers = try await collectEvents(observer, on: topics.telemetry, after: mark, count: ignored.count)
            for (message, answer) in zip(ignored, answers) {
                #expect(answer["action"]?.stringValue == "trigger_ignored", "\(answer.serialized)")
                #expect(answer["reason"]?.stringValue?.contains(message.reason) == true,
                        "expected a reason with \(message.reason.debugDescription): \(answer.serialized)")
                #expect(answer["system_state"]?["state"]?.stringValue == "IDLE")
            }
            let stateMessages = await observer.messages(on: topics.state, after: mark)
            #expect(stateMessages.isEmpty, "the state changed: \(stateMessages.map { String(decoding: $0.payload, as: UTF8.self) })")
            #expect(daemon.outputsOn.isEmpty, "\(daemon.pinReport)")
            #expect(!daemon.hasEnded)

            // Still listening, still able to start.
            try observer.publish(topics.trigger, #"{"action":" TRIGGER "}"#)
            try await daemon.waitForOutputs(Self.valves)
            try await observer.message(on: topics.state, where: "state", is: "PRIMING", after: mark)
        }
    }

    @Test("clearing a retained trigger the usual way (mosquitto_pub -r -n) reaches the daemon as an empty live message and does not start the pump")
    func clearingARetainedTriggerIsIgnored() async throws {
        try await withBrokerAndDaemon { broker, observer, daemon in
            let topics = daemon.topics
            try await observer.event("mqtt_connected", on: topics.telemetry, after: 0)
            let mark = await observer.log.mark
            try broker.publish(topic: topics.trigger, message: "", retain: true)
            let ignored = try await observer.event("trigger_ignored", on: topics.telemetry, after: mark)
            #expect(ignored["reason"]?.stringValue?.contains("empty payload") == true, "\(ignored.serialized)")
            #expect(ignored["system_state"]?["state"]?.stringValue == "IDLE")
            #expect(await observer.messages(on: topics.state, after: mark).allSatisfy { $0.json?["state"]?.stringValue == "IDLE" })
            #expect(daemon.outputsOn.isEmpty, "\(daemon.pinReport)")
        }
    }

    /// The first `count` telemetry events after `mark`, waiting up to 10 s for them.
    private func collectEvents(_ observer: Observer, on topic: String, after mark: Int, count: Int) async throws -> [JSONValue] {
        try await waitUntil("\(count) telemetry events", context: { await observer.actions(on: topic, after: mark).joined(separator: "\n") }) {
            await observer.messages(on: topic, after: mark).count >= count
        }
        return await observer.messages(on: topic, after: mark).compactMap(\.json)
    }
}
