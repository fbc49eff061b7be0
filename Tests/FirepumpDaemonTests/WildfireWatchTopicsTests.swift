import FirepumpCore
import FirepumpDaemon
import FirepumpHAL
import FirepumpMQTT
import FirepumpSettings
import FirepumpTestSupport
import Foundation
import Testing

/// Issue 8 items 2 and 3 on a real broker: what wildfire-watch's status panel, runbook and
/// deploy checks read (`gpio/status`, `system/gpio_trigger/health`, `system/gpio_trigger/lwt`),
/// seen by a plain subscriber that connects after the fact, through idle → run → emergency stop →
/// reset; the runbook's `activate` and the troubleshooting guide's `gpio/emergency/stop`.
@Suite("wildfire-watch's retained topics and commands through a real broker", .timeLimit(.minutes(1)))
struct WildfireWatchTopicsTests {
    /// What a subscriber that connects now reads on the three retained topics.
    struct RetainedView {
        var relays: [String: Bool]
        var relayKeys: [String]
        var health: JSONValue
        var availability: String
    }

    /// Connects a new subscriber and reads the retained messages it is given.
    static func retained(port: Int, topics: WildfireWatchTopics, sourceLocation: SourceLocation = #_sourceLocation) async throws -> RetainedView {
        let late = try await Observer.start(port: port, name: "late")
        defer { late.stop() }
        var messages: [MQTTMessage] = []
        for topic in [topics.gpioStatus, topics.health, topics.availability] {
            let message = try await late.log.firstMessage(on: topic, within: .seconds(5))
            #expect(message.retain, "\(topic) is not retained", sourceLocation: sourceLocation)
            messages.append(message)
        }
        guard case .object(let members) = messages[0].json ?? .null else {
            throw MosquittoHarnessError("gpio/status is not a JSON object: \(String(decoding: messages[0].payload, as: UTF8.self))")
        }
        var relays: [String: Bool] = [:]
        for member in members {
            let value = member.value.boolValue
            #expect(value != nil, "gpio/status \(member.key) is not a boolean", sourceLocation: sourceLocation)
            relays[member.key] = value
        }
        return RetainedView(
            relays: relays, relayKeys: members.map(\.key), health: messages[1].json ?? .null,
            availability: String(decoding: messages[2].payload, as: UTF8.self))
    }

    /// `gpio/status` as the panel's table: the five keys in order.
    static func table(main: Bool, ignition: Bool, rpm: Bool, refill: Bool) -> [String: Bool] {
        ["main_valve": main, "ignition_on": ignition, "rpm_reduction": rpm, "refill_valve": refill, "pump_running": ignition]
    }

    static let keys = ["main_valve", "ignition_on", "rpm_reduction", "refill_valve", "pump_running"]

    /// The checks every retained view must pass: the health record's fields and types.
    static func expectHealth(
        _ view: RetainedView, state: String, engineOn: Bool, host: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let health = view.health
        #expect(view.relayKeys == keys, sourceLocation: sourceLocation)
        #expect(view.availability == "online", sourceLocation: sourceLocation)
        #expect(health["state"]?.stringValue == state, "\(health.serialized)", sourceLocation: sourceLocation)
        #expect(health["system_state"]?["state"]?.stringValue == state, sourceLocation: sourceLocation)
        #expect(health["mqtt_connected"] == .bool(true), sourceLocation: sourceLocation)
        #expect(health["gpio_available"] == .bool(false), "mock pins", sourceLocation: sourceLocation)
        #expect(health["engine_on"] == .bool(engineOn), sourceLocation: sourceLocation)
        #expect(health["host"]?.stringValue == host, sourceLocation: sourceLocation)
        let timestamp = health["timestamp"]?.stringValue ?? ""
        #expect(timestamp.hasSuffix("Z") && iso8601Date(timestamp).map { abs($0.timeIntervalSinceNow) < 60 } == true,
                "timestamp \(timestamp)", sourceLocation: sourceLocation)
        let uptime = health["uptime"]?.numberValue ?? -1
        #expect(uptime >= 0 && uptime < 60, "uptime \(uptime)", sourceLocation: sourceLocation)
        let hours = health["uptime_hours"]?.numberValue ?? -1
        #expect(abs(hours - uptime / 3600) < 0.001, "uptime_hours \(hours)", sourceLocation: sourceLocation)
    }

    /// Waits until the live observer has seen a health message in `state` after `mark`: the
    /// daemon publishes it last in its step, so everything before it is at the broker.
    static func health(in state: String, on observer: Observer, topics: WildfireWatchTopics, after mark: Int) async throws {
        try await observer.message(on: topics.health, where: "state", is: state, after: mark)
    }

    @Test("idle → activate → gpio/emergency/stop → reset: a late subscriber reads the present relays, health and online; a clean exit leaves offline")
    func lifecycle() async throws {
        let settings = [
            "PRE_OPEN_DELAY": "0.3", "IGNITION_START_DURATION": "0.3", "VALVE_CLOSE_DELAY": "0.3", "HEALTH_INTERVAL": "1",
        ]
        try await withBroker { broker, observer in
            let daemon = try DaemonUnderTest(port: broker.port, settings: settings)
            let topics = daemon.topics.wildfireWatch
            let clientID = try #require(daemon.config.mqtt.clientID)
            do {
                try await Self.health(in: "IDLE", on: observer, topics: topics, after: 0)
                let idle = try await Self.retained(port: broker.port, topics: topics)
                #expect(idle.relays == Self.table(main: false, ignition: false, rpm: false, refill: false))
                Self.expectHealth(idle, state: "IDLE", engineOn: false, host: daemon.host)
                let report = try await observer.event("health_report", on: daemon.topics.telemetry, after: 0, within: .seconds(5))
                #expect(report["mqtt_connected"] == .bool(true), "\(report.serialized)")

                // The runbook's manual fire trigger test.
                var mark = await observer.log.mark
                try observer.publish(daemon.topics.trigger, #"{"action": "activate"}"#)
                try await Self.health(in: "RUNNING", on: observer, topics: topics, after: mark)
                let running = try await Self.retained(port: broker.port, topics: topics)
                #expect(running.relays == Self.table(main: true, ignition: true, rpm: false, refill: true))
                Self.expectHealth(running, state: "RUNNING", engineOn: true, host: daemon.host)
                #expect(daemon.outputsOn == [.mainValve, .primingValve, .refillValve, .ignitionOn], "\(daemon.pinReport)")

                // Every HEALTH_INTERVAL the retained health is refreshed, not only on changes.
                let (first, next) = try await observer.log.positioned("a health message", after: await observer.log.mark) { $0.message?.topic == topics.health }
                let second = try await observer.log.first("another health message", after: next) { $0.message?.topic == topics.health }
                let uptimes = [first, second].compactMap { $0.message?.json?["uptime"]?.numberValue }
                #expect(uptimes.count == 2 && uptimes[1] - uptimes[0] > 0.2, "\(uptimes)")

                // The troubleshooting guide's "pump won't stop".
                mark = await observer.log.mark
                try observer.publish(topics.emergencyStop, "1")
                try await observer.event("emergency_stop", on: daemon.topics.telemetry, after: mark)
                try await Self.health(in: "LOCKOUT", on: observer, topics: topics, after: mark)
                try await observer.log.first("gpio/status all off", after: mark) { event in
                    guard let message = event.message, message.topic == topics.gpioStatus else { return false }
                    return message.json?.serialized == #"{"main_valve":false,"ignition_on":false,"rpm_reduction":false,"refill_valve":false,"pump_running":false}"#
                }
                let stopped = try await Self.retained(port: broker.port, topics: topics)
                #expect(stopped.relays == Self.table(main: false, ignition: false, rpm: false, refill: false))
                Self.expectHealth(stopped, state: "LOCKOUT", engineOn: false, host: daemon.host)
                #expect(daemon.changes(of: .ignitionOff).filter { $0.level == .high }.count == 1, "the stop pulse:\n\(daemon.pinReport)")

                mark = await observer.log.mark
                try observer.publish(daemon.topics.emergency, "reset")
                try await Self.health(in: "IDLE", on: observer, topics: topics, after: mark)
                let reset = try await Self.retained(port: broker.port, topics: topics)
                #expect(reset.relays == Self.table(main: false, ignition: false, rpm: false, refill: false))
                Self.expectHealth(reset, state: "IDLE", engineOn: false, host: daemon.host)
            } catch {
                try? await daemon.stop()
                throw error
            }

            let mark = await observer.log.mark
            try await daemon.stop()
            // A live subscriber gets the retain flag cleared (MQTT 3.1.1 §3.3.1.3); the late one below sees it set.
            try await observer.log.first("offline on \(topics.availability)", after: mark) { event in
                event.message.map { $0.topic == topics.availability && $0.payload == Array("offline".utf8) } ?? false
            }
            try await waitUntil("the broker to log the clean disconnect of the availability connection", context: { broker.log }) {
                broker.log.contains("Client \(clientID)-lwt disconnected.")
            }
            #expect(!broker.log.contains("Client \(clientID)-lwt closed its connection"), "\(broker.log)")
            let late = try await Observer.start(port: broker.port, name: "late")
            defer { late.stop() }
            let offline = try await late.log.firstMessage(on: topics.availability)
            #expect(offline.retain && offline.payload == Array("offline".utf8))
        }
    }

    @Test("a retained gpio/emergency/stop is refused when it arrives retained (at subscribe); clearing it reaches the daemon as a live empty message: a stop")
    func retainedStop() async throws {
        try await withBroker { broker, observer in
            // Retained before the daemon subscribes: it is delivered to it with the retain flag set.
            let stop = WildfireWatchTopics(MQTTConfig()).emergencyStop
            try observer.publish(stop, "1", retain: true)
            try await observer.log.firstMessage(on: stop)
            try await withDaemon(port: broker.port, settings: ["PRE_OPEN_DELAY": "0.3", "IGNITION_START_DURATION": "0.3"]) { daemon in
                let topics = daemon.topics
                let refused = try await observer.event("emergency_command_error", on: topics.telemetry, after: 0)
                #expect(refused["error"]?.stringValue?.contains("retained") == true, "\(refused.serialized)")
                #expect(refused["system_state"]?["state"]?.stringValue == "IDLE")
                try await Self.health(in: "IDLE", on: observer, topics: topics.wildfireWatch, after: 0)

                var mark = await observer.log.mark
                try observer.publish(topics.trigger, "fire")
                try await observer.message(on: topics.state, where: "state", is: "RUNNING", after: mark)
                #expect(await !observer.actions(on: topics.telemetry, after: 0).contains("emergency_stop"))

                // The documented catch (docs/mqtt.md): clearing the retained message is a stop.
                mark = await observer.log.mark
                try observer.publish(stop, [], retain: true)
                try await observer.event("emergency_stop", on: topics.telemetry, after: mark)
                try await observer.message(on: topics.state, where: "state", is: "LOCKOUT", after: mark)
            }
        }
    }
}

/// Issue 8 item 2, the unclean end: the real executable killed with SIGKILL.
@Suite("wildfire-watch's availability when firepump is killed", .timeLimit(.minutes(1)))
struct WildfireWatchWillTests {
    @Test("SIGKILL: the broker publishes the retained plain offline on system/gpio_trigger/lwt, and the JSON one as before")
    func willOnSigkill() async throws {
        let topics = Topics(MQTTConfig(), host: hostName())
        let plain = topics.wildfireWatch.availability
        try await withBroker { broker, observer in
            try await withMockFirepump(port: broker.port) { child, clientID in
                try await observer.log.first("online on \(plain)", within: .seconds(15)) { event in
                    event.message.map { $0.topic == plain && $0.payload == Array("online".utf8) } ?? false
                }
                try await observer.message(on: topics.availability, where: "status", is: "online", after: 0)
                let mark = await observer.log.mark
                child.send(SIGKILL)
                #expect(try await child.waitForEnd() == .signalled(SIGKILL))

                try await observer.log.first("offline on \(plain)", after: mark) { event in
                    event.message.map { $0.topic == plain && $0.payload == Array("offline".utf8) } ?? false
                }
                try await observer.message(on: topics.availability, where: "status", is: "offline", after: mark)
                #expect(broker.log.contains("Client \(clientID)-lwt closed its connection"), "not an unclean end:\n\(broker.log)")
                let late = try await Observer.start(port: broker.port, name: "late")
                defer { late.stop() }
                let retained = try await late.log.firstMessage(on: plain)
                #expect(retained.retain && retained.payload == Array("offline".utf8), "\(String(decoding: retained.payload, as: UTF8.self))")
            }
        }
    }
}
