import FirepumpCore
import FirepumpHAL
import FirepumpMQTT
import FirepumpTestSupport
import Testing

/// Issue 3, item 1: a fire trigger through a real mosquitto reaches the daemon, drives the relay
/// lines, and is reported in the reference's envelope and on the retained state topic.
@Suite("A fire trigger through a real broker", .timeLimit(.minutes(1)))
struct TriggerTests {
    @Test("a consensus trigger starts PRIMING: main, priming and refill valves on, events in the reference envelope, retained state PRIMING")
    func triggerStartsPriming() async throws {
        try await withBrokerAndDaemon { broker, observer, daemon in
            let telemetry = daemon.topics.telemetry
            try await observer.event("mqtt_connected", on: telemetry, after: 0)
            #expect(daemon.outputsOn.isEmpty, "outputs must start safe:\n\(daemon.pinReport)")

            let before = daemon.pins.history.count
            let mark = await observer.log.mark
            try observer.publish(
                daemon.topics.trigger, #"{"action":"trigger","confidence":"high","consensus_cameras":["cam1","cam2"]}"#)
            try await daemon.waitForOutputs([.mainValve, .primingValve, .refillValve])
            let changed = daemon.pins.history.dropFirst(before)
            #expect(changed.count == 3 && changed.allSatisfy { $0.level == .high }, "only the three valves changed:\n\(daemon.pinReport)")

            for action in ["pump_sequence_start", "priming_started", "refill_valve_opened_immediately"] {
                let event = try await observer.event(action, on: telemetry, after: mark)
                expectEnvelope(event, action: action, host: daemon.host, state: "PRIMING", maxUptime: daemon.now)
            }
            let opened = try await observer.event("refill_valve_opened_immediately", on: telemetry, after: mark)
            #expect(outputsReported(opened) == ["main_valve", "priming_valve", "refill_valve"])

            // A subscriber arriving now gets the current state as the topic's retained message.
            let late = try await Observer.start(port: broker.port, name: "late")
            defer { late.stop() }
            let state = try await late.log.firstMessage(on: daemon.topics.state)
            #expect(state.retain)
            #expect(state.json?["state"]?.stringValue == "PRIMING")
            #expect(state.json?["host"]?.stringValue == daemon.host)
            #expect(state.json?["system_state"]?["main_valve"] == .bool(true))
        }
    }

    @Test("a QoS 2 trigger, as fire_consensus publishes it, from mosquitto_pub, starts the pump")
    func qos2TriggerFromMosquittoPub() async throws {
        try await withBrokerAndDaemon { broker, observer, daemon in
            try await observer.event("mqtt_connected", on: daemon.topics.telemetry, after: 0)
            try broker.publish(
                topic: daemon.topics.trigger, message: #"{"action":"trigger","confidence":"high","trigger_count":1}"#, qos: 2)
            try await daemon.waitForOutputs([.mainValve, .primingValve, .refillValve])
        }
    }

    @Test("a burst of 200 triggers starts one run: one pump_sequence_start, three relay changes")
    func burstOfTriggersStartsOneRun() async throws {
        try await withBrokerAndDaemon { _, observer, daemon in
            let topics = daemon.topics
            try await observer.event("mqtt_connected", on: topics.telemetry, after: 0)
            let before = daemon.pins.history.count
            let mark = await observer.log.mark
            for _ in 0..<200 {
                try observer.publish(topics.trigger, #"{"action":"trigger"}"#)
            }
            // Handled in order: once this is answered, every trigger before it was too.
            try observer.publish(topics.emergency, "valve_open")
            try await observer.event("emergency_valve_open", on: topics.telemetry, after: mark)
            #expect(await observer.actions(on: topics.telemetry, after: mark).filter { $0 == "pump_sequence_start" }.count == 1)
            #expect(daemon.pins.history.count - before == 3, "\(daemon.pinReport)")
            #expect(daemon.outputsOn == [.mainValve, .primingValve, .refillValve])
        }
    }
}
