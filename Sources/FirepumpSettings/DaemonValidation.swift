import FirepumpCore

/// Rules that concern more than one of the daemon's settings: the pump's own
/// (``ConfigValidation``) first, then MQTT topics, prefix and client id that could not work or
/// would feed the daemon its own output, and Home Assistant's discovery prefix.
public enum DaemonValidation {
    /// Throws the first rule the configuration breaks.
    public static func check(_ config: DaemonConfig) throws(ConfigError) {
        try ConfigValidation.check(config.pump)
        try checkMQTT(config.mqtt)
        try checkHomeAssistant(config.mqtt)
    }
}
