import FirepumpCore

/// What wildfire-watch's other programs read about the pump service besides the reference's
/// telemetry (issue 8): its status panel fills its GPIO table from `gpio/status` and calls the
/// service healthy from `system/gpio_trigger/health`; its runbook, Grafana board and deploy
/// checks read that topic too. Both retained, so a reader that connects later sees the present.
extension PumpController {
    /// What was last published, so `gpio/status` goes out only when one of its values changes.
    struct WildfireWatchStatus {
        var relayTable: JSONValue?
        /// Whether the broker link is up, as the controller last heard (`mqtt_connected`).
        var brokerConnected = false
    }

    /// Publishes `gpio/status` if it changed (or always, with `force`, on connect) and, with
    /// `health`, `system/gpio_trigger/health`. Called after the pins were driven and the state
    /// saved, so both say what the pins are. Nothing while the broker is away: the connect
    /// publishes both afresh, and a queued older copy would only precede it.
    func publishWildfireWatchStatus(health: Bool, force: Bool = false) {
        guard wildfireWatch.brokerConnected else { return }
        let table = relayTable()
        if force || table != wildfireWatch.relayTable {
            wildfireWatch.relayTable = table
            publish(topics.wildfireWatch.gpioStatus, table, retain: true)
        }
        if health { publish(topics.wildfireWatch.health, serviceHealth(), retain: true) }
    }

    /// Exactly the five keys the panel shows, as booleans: the panel makes a row of every key.
    /// `pump_running` is the engine being on (ignition on), as `engine_on` in `system_state`.
    func relayTable() -> JSONValue {
        .object([
            .init("main_valve", .bool(written[.mainValve])),
            .init("ignition_on", .bool(written[.ignitionOn])),
            .init("rpm_reduction", .bool(written[.rpmReduce])),
            .init("refill_valve", .bool(written[.refillValve])),
            .init("pump_running", .bool(written[.ignitionOn])),
        ])
    }

    /// The health record wildfire-watch's services publish on `system/<service>/health`, with
    /// the pump's state: the panel calls the service healthy when `mqtt_connected` is true.
    func serviceHealth() -> JSONValue {
        let uptime = now - startedAt
        return .object([
            .init("host", .string(environment.host)),
            .init("timestamp", .string(iso8601(epochSeconds: environment.wallClock()))),
            .init("state", .string(machine.state.phase.rawValue)),
            .init("mqtt_connected", .bool(wildfireWatch.brokerConnected)),
            .init("gpio_available", .bool(!environment.mockPins)),
            .init("engine_on", .bool(written[.ignitionOn])),
            .init("uptime", .number(rounded(uptime))),
            .init("uptime_hours", .number(rounded(uptime / 3600))),
            .init("system_state", systemState()),
        ])
    }
}
