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

    /// The topics of a controller on `host`, from the configured topic names (`TRIGGER_TOPIC`,
    /// `EMERGENCY_TOPIC`, `TELEMETRY_TOPIC`) and `TOPIC_PREFIX` (empty for none).
    public init(prefix: String, trigger: String, emergency: String, telemetry: String, host: String) {
        self.trigger = Self.prefixed(trigger, prefix)
        self.emergency = Self.prefixed(emergency, prefix)
        self.telemetry = Self.prefixed(telemetry, prefix)
        availability = "\(self.telemetry)/\(host)/lwt"
        state = "\(self.telemetry)/\(host)/state"
        wildfireWatch = WildfireWatchTopics(prefix: prefix)
        trouble = "\(self.telemetry)/\(host)/trouble"
        lastRun = "\(self.telemetry)/\(host)/last_run"
    }

    /// `topic` under `prefix` (with a `/`), or as it is when the prefix is empty.
    public static func prefixed(_ topic: String, _ prefix: String) -> String {
        prefix.isEmpty ? topic : "\(prefix)/\(topic)"
    }
}
