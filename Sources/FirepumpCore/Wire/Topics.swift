/// Every topic firepump subscribes or publishes, with `TOPIC_PREFIX` applied to all of them.
public struct Topics: Sendable, Hashable {
    /// Fire triggers in (`fire/trigger`).
    public var trigger: String
    /// Operator commands in (`fire/emergency`).
    public var emergency: String
    /// Events and health out (`system/trigger_telemetry`).
    public var telemetry: String
    /// Retained `online`/`offline` (birth, will, clean exit): `<telemetry>/<host>/lwt`.
    public var availability: String
    /// Retained current state: `<telemetry>/<host>/state`.
    public var state: String
    /// What wildfire-watch's other programs read and send (`gpio/status`, `system/gpio_trigger/…`, `gpio/emergency/stop`).
    public var wildfireWatch: WildfireWatchTopics
    /// Retained list of active troubles: `<telemetry>/<host>/trouble`.
    public var trouble: String
    /// Retained summary of the last finished run: `<telemetry>/<host>/last_run`.
    public var lastRun: String

    public init(_ mqtt: PumpConfig.MQTT, host: String) {
        trigger = mqtt.prefixed(mqtt.triggerTopic)
        emergency = mqtt.prefixed(mqtt.emergencyTopic)
        telemetry = mqtt.prefixed(mqtt.telemetryTopic)
        availability = "\(telemetry)/\(host)/lwt"
        state = "\(telemetry)/\(host)/state"
        wildfireWatch = WildfireWatchTopics(mqtt)
        trouble = "\(telemetry)/\(host)/trouble"
        lastRun = "\(telemetry)/\(host)/last_run"
    }
}
