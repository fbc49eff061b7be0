import FirepumpCore
import FirepumpMQTT
import Testing

/// Checks of the daemon's link to the broker, as the observer sees it.
extension Observer {
    /// Waits until `daemon` is online and has reported `mqtt_connected`, then triggers it and
    /// waits until it has opened the three valves: its link works both ways.
    func waitUntilConnectedAndTriggered(_ daemon: DaemonUnderTest) async throws {
        try await message(on: daemon.topics.availability, where: "status", is: "online", after: 0)
        try await event("mqtt_connected", on: daemon.topics.telemetry, after: 0)
        try publish(daemon.topics.trigger, #"{"action":"trigger"}"#)
        try await daemon.waitForOutputs([.mainValve, .primingValve, .refillValve])
    }

    /// `daemon` has published nothing on its telemetry topics: it never got in.
    func expectNothingPublished(by daemon: DaemonUnderTest, sourceLocation: SourceLocation = #_sourceLocation) async {
        let published = await log.messages().filter { $0.topic.hasPrefix(daemon.topics.telemetry) }
        #expect(published.isEmpty, "\(published.map(\.topic))", sourceLocation: sourceLocation)
    }
}
