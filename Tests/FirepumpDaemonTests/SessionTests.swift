import FirepumpCore
import FirepumpHAL
import FirepumpMQTT
import FirepumpSettings
import FirepumpTestSupport
import Foundation
import Testing

/// docs/mqtt.md, "Session": the client id is stable and the session persistent, so a QoS 1
/// trigger sent while firepump was away (restarting, say) is delivered when it comes back.
@Suite("Persistent session", .timeLimit(.minutes(1)))
struct SessionTests {
    @Test("a QoS 1 trigger published while the daemon was stopped starts the pump when it returns with the same client id")
    func triggerWhileAwayIsDelivered() async throws {
        try await withBroker { broker, observer in
            let settings = ["MQTT_CLIENT_ID": "firepump-session-\(UUID().uuidString.prefix(8))"]
            let trigger = Topics(MQTTConfig(), host: "any").trigger

            try await withDaemon(port: broker.port, settings: settings) { daemon in
                try await observer.event("mqtt_connected", on: daemon.topics.telemetry, after: 0)
            }
            let away = await observer.log.mark
            try observer.publish(trigger, #"{"action":"trigger"}"#)
            try await observer.log.firstMessage(on: trigger, after: away)

            try await withDaemon(port: broker.port, settings: settings) { daemon in
                try await daemon.waitForOutputs([.mainValve, .primingValve, .refillValve])
                try await observer.event("pump_sequence_start", on: daemon.topics.telemetry, after: away)
            }
        }
    }
}
