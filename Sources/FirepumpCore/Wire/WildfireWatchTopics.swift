/// The pump service's topics that wildfire-watch's other programs use besides the reference's
/// (issue 8): its status panel, runbook, Grafana board and deploy checks read the three retained
/// ones, its troubleshooting guide sends the stop. Fixed names, under `TOPIC_PREFIX` like every topic.
public struct WildfireWatchTopics: Sendable, Hashable {
    /// In: any message that is not retained is an emergency stop (`gpio/emergency/stop`).
    public var emergencyStop: String
    /// Out, retained: the relay table, exactly five booleans (`gpio/status`).
    public var gpioStatus: String
    /// Out, retained: the service's health (`system/gpio_trigger/health`).
    public var health: String
    /// Out, retained: plain `online` / `offline`, birth, will and clean exit (`system/gpio_trigger/lwt`).
    public var availability: String

    /// The topics under `prefix` (`TOPIC_PREFIX`; empty for none).
    public init(prefix: String) {
        emergencyStop = Topics.prefixed("gpio/emergency/stop", prefix)
        gpioStatus = Topics.prefixed("gpio/status", prefix)
        health = Topics.prefixed("system/gpio_trigger/health", prefix)
        availability = Topics.prefixed("system/gpio_trigger/lwt", prefix)
    }

    /// Every one of these topics.
    public var all: [String] { [emergencyStop, gpioStatus, health, availability] }
}
