extension MQTTConfig {
    /// Home Assistant MQTT discovery (`HA_DISCOVERY`, `HA_DISCOVERY_PREFIX`, `HA_COMMANDS`):
    /// whether firepump announces its entities, where Home Assistant listens for them, and
    /// whether the command buttons are among them.
    public struct HomeAssistant: Sendable, Hashable {
        /// Publish discovery configs under ``prefix``. Off: nothing at all is published there.
        public var discovery = true
        /// Home Assistant's discovery prefix (its own, not under `TOPIC_PREFIX`).
        public var prefix = "homeassistant"
        /// Announce `start`, `stop` and `reset` buttons. Off by default: a dashboard button that
        /// starts a fire pump must be a deliberate choice.
        public var commands = false

        public init() {}

        /// The topic Home Assistant announces itself on (`online` after it starts).
        public var statusTopic: String { "\(prefix)/status" }
    }
}
