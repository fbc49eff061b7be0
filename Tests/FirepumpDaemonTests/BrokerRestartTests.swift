import FirepumpCore
import FirepumpHAL
import FirepumpMQTT
import FirepumpTestSupport
import Testing

/// Issue 3, item 4: the broker dies in the middle of a run and comes back on the same port.
/// The pump must not notice (target §1.1): its relays follow the run's own deadlines, nothing
/// goes safe because the link dropped, and once the broker is back the daemon reconnects,
/// subscribes again and obeys the next trigger.
@Suite("The broker dies mid-run", .timeLimit(.minutes(1)))
struct BrokerRestartTests {
    /// A whole run in about 7 s: pre-open 1.5 s, crank 1 s, priming 1 s, fire-off stop 4 s after
    /// the trigger, RPM reduction 0.5 s, ignition-off pulse 0.2 s, main valve closed 0.5 s after
    /// the engine stopped, refill 2 s (runtime × 1), cooldown 0.5 s.
    static let shortRun: [String: String] = [
        "PRE_OPEN_DELAY": "1.5", "IGNITION_START_DURATION": "1", "PRIMING_DURATION": "1", "FIRE_OFF_DELAY": "4",
        "RPM_REDUCTION_DURATION": "0.5", "IGNITION_OFF_DURATION": "0.2", "VALVE_CLOSE_DELAY": "0.5",
        "REFILL_MULTIPLIER": "1", "COOLDOWN_DURATION": "0.5",
    ]

    /// When each output must change, in seconds after the trigger, for ``shortRun``.
    static let schedule: [Output: [(level: ElectricalLevel, at: Double)]] = [
        .mainValve: [(.high, 0), (.low, 5.0)],
        .primingValve: [(.high, 0), (.low, 3.5)],
        .refillValve: [(.high, 0), (.low, 6.7)],
        .ignitionStart: [(.high, 1.5), (.low, 2.5)],
        .ignitionOn: [(.high, 2.5), (.low, 4.5)],
        .rpmReduce: [(.high, 4.0), (.low, 4.7)],
        .ignitionOff: [(.high, 4.5), (.low, 4.7)],
    ]

    @Test("killed after the trigger and restarted during the run: relays keep to the run's deadlines, the daemon reconnects, resubscribes and obeys the next trigger")
    func runSurvivesBrokerRestart() async throws {
        try await withBrokerAndDaemon(settings: Self.shortRun) { broker, observer, daemon in
            let topics = daemon.topics
            try await observer.event("mqtt_connected", on: topics.telemetry, after: 0)
            let before = daemon.pins.history.count
            try observer.publish(topics.trigger, #"{"action":"trigger"}"#)
            try await daemon.waitForOutputs([.mainValve, .primingValve, .refillValve])
            let triggeredAt = try #require(daemon.pins.history.dropFirst(before).first).time

            broker.kill()
            // With the broker gone the run goes on: the crank and then the engine on, on time.
            try await daemon.waitForOutputs([.mainValve, .primingValve, .refillValve, .ignitionStart])
            try await daemon.waitForOutputs([.mainValve, .primingValve, .refillValve, .ignitionOn])
            #expect(!broker.isRunning)

            let restart = await observer.log.mark
            try broker.start()
            // The restarted broker knows no retained message: a retained `online` is the daemon's
            // birth after its reconnect. (Its `mqtt_connected` event is not retained, and the
            // observer, reconnecting too, may subscribe only after it went out.)
            try await observer.message(on: topics.availability, where: "status", is: "online", after: restart, within: .seconds(20))
            // The run ends by itself on its deadlines, and the state topic (which the restarted
            // broker had forgotten) says so.
            try await daemon.waitForOutputs([], within: .seconds(15))
            try await observer.message(on: topics.state, where: "state", is: "IDLE", after: restart, within: .seconds(10))

            for (output, expected) in Self.schedule {
                let changes = daemon.pins.history.dropFirst(before).filter { $0.line == daemon.line(output) }
                #expect(changes.map(\.level) == expected.map(\.level), "\(output.rawValue):\n\(daemon.pinReport)")
                for (change, planned) in zip(changes, expected) {
                    let late = change.time - triggeredAt - planned.at
                    // Each deadline is armed when the one before it fired: lateness adds up along the run.
                    #expect(late > -0.5 && late < 0.5 + 0.05 * planned.at, "\(output.rawValue) \(change.level) \(late) s off schedule:\n\(daemon.pinReport)")
                }
            }

            // The restarted broker had forgotten every retained message: the birth was published
            // again, and what was queued during the outage did not leave a stale state behind.
            try await expectRetained(status: "online", on: topics.availability, port: broker.port)
            let late = try await Observer.start(port: broker.port, name: "late")
            defer { late.stop() }
            let retained = try await late.log.firstMessage(on: topics.state)
            #expect(retained.retain && retained.json?["state"]?.stringValue == "IDLE", "\(retained.json?.serialized ?? "")")

            // The restarted broker has no session: this reaches the daemon only if it subscribed again.
            let again = await observer.log.mark
            try observer.publish(topics.trigger, #"{"action":"trigger"}"#)
            try await daemon.waitForOutputs([.mainValve, .primingValve, .refillValve])
            try await observer.message(on: topics.state, where: "state", is: "PRIMING", after: again)
        }
    }
}
