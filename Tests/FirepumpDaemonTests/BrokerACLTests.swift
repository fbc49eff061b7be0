import FirepumpCore
import FirepumpMQTT
import FirepumpSettings
import FirepumpTestSupport
import Foundation
import Testing

/// Issue 12 item 8: `deploy/mosquitto-acl.example`, as shipped, on a real mosquitto: firepump
/// subscribes and publishes all its topics, and a user without write access to the trigger topic
/// cannot start the pump.
@Suite("The example broker ACL", .timeLimit(.minutes(1)))
struct BrokerACLTests {
    private static let example = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("deploy/mosquitto-acl.example")

    /// The users of the example, each with a password.
    private static let users = ["firepump", "consensus", "operator", "dashboard", "homeassistant", "observer"].map { ($0, "\($0)-secret") }

    @Test("firepump reads its inputs and writes its telemetry; a dashboard's trigger is dropped, the consensus's starts the pump")
    func exampleACL() async throws {
        let directory = try TemporaryDirectory(prefix: "acl")
        // The test's observer may read everything and publish its probes; the rest is the example.
        let acl = try String(contentsOf: Self.example, encoding: .utf8)
            + "\nuser observer\ntopic read #\ntopic write firepump-test/#\n"
        try acl.write(toFile: directory.path + "/acl", atomically: true, encoding: .utf8)
        let passwords = try TestPasswordFile(users: Self.users.map { (user: $0.0, password: $0.1) })
        defer { withExtendedLifetime(passwords) {} }
        try await withBrokerAndDaemon(
            .init(passwordFile: passwords.path, allowAnonymous: false, aclFile: directory.path + "/acl"),
            observer: { options in
                options.username = "observer"
                options.password = "observer-secret"
            },
            settings: ["MQTT_USERNAME": "firepump", "MQTT_PASSWORD": "firepump-secret"]
        ) { broker, observer, daemon in
            // Its will, birth and telemetry are allowed: the availability topic says online.
            try await observer.message(on: daemon.topics.availability, where: "status", is: "online", after: 0)
            try await observer.message(on: daemon.topics.state, where: "state", is: "IDLE", after: 0)
            // Its Home Assistant discovery configs are allowed too.
            let clientID = try #require(daemon.config.mqtt.clientID)
            let discovery = DiscoveryTopics.topics(DiscoveryTopics.pump, node: clientID)
            _ = try await observer.latest(on: discovery, after: 0)
            // Home Assistant's user may say it restarted, and firepump hears it: it announces again.
            let restarted = await observer.log.mark
            try broker.publish(topic: "homeassistant/status", message: "online", arguments: ["-u", "homeassistant", "-P", "homeassistant-secret"])
            _ = try await observer.latest(on: discovery, after: restarted)
            // wildfire-watch's topics too: both connections got in and may write them.
            try await observer.message(on: daemon.topics.wildfireWatch.health, where: "state", is: "IDLE", after: 0)
            try await observer.log.firstMessage(on: daemon.topics.wildfireWatch.gpioStatus)
            try await observer.log.first("online on \(daemon.topics.wildfireWatch.availability)") { event in
                event.message.map { $0.topic == daemon.topics.wildfireWatch.availability && $0.payload == Array("online".utf8) } ?? false
            }
            let mark = await observer.log.mark
            // mosquitto_pub waits for the PUBACK: the broker has dropped the first message before the second is sent,
            // and the daemon gets what the broker forwards in order.
            try broker.publish(topic: daemon.topics.trigger, message: #"{"action":"trigger"}"#, arguments: ["-u", "dashboard", "-P", "dashboard-secret"])
            try broker.publish(topic: daemon.topics.emergency, message: "valve_close", arguments: ["-u", "operator", "-P", "operator-secret"])
            try await observer.event("emergency_valve_close", on: daemon.topics.telemetry, after: mark)
            #expect(!(await observer.actions(on: daemon.topics.telemetry, after: mark)).contains("pump_sequence_start"))
            #expect(daemon.outputsOn.isEmpty, "\(daemon.pinReport)")

            try broker.publish(topic: daemon.topics.trigger, message: #"{"action":"trigger"}"#, arguments: ["-u", "consensus", "-P", "consensus-secret"])
            try await observer.event("pump_sequence_start", on: daemon.topics.telemetry, after: mark)
            try await daemon.waitForOutputs([.mainValve, .primingValve, .refillValve])

            // An operator may send wildfire-watch's emergency stop.
            try broker.publish(topic: daemon.topics.wildfireWatch.emergencyStop, message: "1", arguments: ["-u", "operator", "-P", "operator-secret"])
            try await observer.event("emergency_stop", on: daemon.topics.telemetry, after: mark)
        }
    }
}
