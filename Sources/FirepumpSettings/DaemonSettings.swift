import FirepumpCore

/// Every setting the daemon reads: the broker and Home Assistant first, then the pump's own
/// (``PumpSettings``, applied to ``DaemonConfig/pump``), then the board, chip, files and logging;
/// with the reference's names and aliases (reference §3.2) and the new ones of
/// target-behaviour.md. `docs/configuration.md`'s table and `deploy/firepump.env` are generated
/// from this.
public enum DaemonSettings {
    /// The settings in the order and groups of the settings file, and the rules between them:
    /// the pump's first, then the broker's and Home Assistant's.
    public static let table = SettingsTable<DaemonConfig>(
        sections: [
            .init("MQTT broker and topics", mqtt),
            .init("Home Assistant discovery (docs/home-assistant.md)", homeAssistant),
        ] + PumpSettings.table.liftedSections(into: \.pump) + [
            .init("Board, chip, state and logging", daemon),
        ],
        ignoredForCompatibility: ignoredForCompatibility,
        check: DaemonValidation.check)

    /// Every setting, in table order.
    public static var all: [Setting<DaemonConfig>] { table.all }

    /// The setting with a name or alias, if any.
    public static func named(_ key: String) -> Setting<DaemonConfig>? { table.named(key) }

    /// Parses settings over the defaults (or over `base`); see ``SettingsTable/parse(_:over:)``.
    public static func parse(_ values: [String: String], over base: DaemonConfig = DaemonConfig()) throws(ConfigError) -> SettingsTable<DaemonConfig>.Outcome {
        try table.parse(values, over: base)
    }

    static let mqtt: [Setting<DaemonConfig>] = [
        .text("MQTT_BROKER", aliases: ["MQTT_HOST"], "broker host name", \.mqtt.broker),
        .integer("MQTT_PORT", range: 1...65535, "broker port (not switched automatically for TLS)", \.mqtt.port),
        .flag("MQTT_TLS", "connect with TLS", \.mqtt.tls),
        .text("TLS_CA_PATH", "CA bundle that signed the broker's certificate", \.mqtt.caPath),
        .optionalText("TLS_CERT_PATH", "client certificate (PEM), for brokers that require one", \.mqtt.certPath),
        .optionalText("TLS_KEY_PATH", "client private key (PEM)", \.mqtt.keyPath),
        .optionalText("MQTT_USERNAME", "broker user name", \.mqtt.username),
        .optionalText("MQTT_PASSWORD", secret: true, "broker password (never printed)", \.mqtt.password),
        .optionalText("MQTT_CLIENT_ID", "stable client id for the persistent session (default firepump-<host>-<first 8 hex digits of /etc/machine-id>, firepump-<host> without one); at most 65535 bytes, over 23 some brokers refuse", \.mqtt.clientID),
        .text("TOPIC_PREFIX", aliases: ["MQTT_TOPIC_PREFIX"], allowEmpty: true, "prefix put before every topic, with a /", \.mqtt.topicPrefix),
        .text("TRIGGER_TOPIC", "fire trigger input", \.mqtt.triggerTopic),
        .text("EMERGENCY_TOPIC", "manual command input", \.mqtt.emergencyTopic),
        .text("TELEMETRY_TOPIC", "events and health output; availability and state topics live below it", \.mqtt.telemetryTopic),
    ]

    static let homeAssistant: [Setting<DaemonConfig>] = [
        .flag("HA_DISCOVERY", "announce the pump's entities to Home Assistant (MQTT discovery); false publishes nothing under HA_DISCOVERY_PREFIX", \.mqtt.homeAssistant.discovery),
        .text("HA_DISCOVERY_PREFIX", "Home Assistant's discovery prefix (not under TOPIC_PREFIX); firepump also subscribes to HA_DISCOVERY_PREFIX/status", \.mqtt.homeAssistant.prefix),
        .flag("HA_COMMANDS", "also announce start, stop and reset buttons (they publish on EMERGENCY_TOPIC)", \.mqtt.homeAssistant.commands),
    ]

    static let daemon: [Setting<DaemonConfig>] = [
        .text("BOARD", allowEmpty: true, "board pin map: a name in boards/ (pi3bplus, pi4b, pi5, zero2w) or a path to a board file; checks pins and sets the default GPIO_CHIP; same as --board", \.board),
        .text("GPIO_CHIP", "GPIO chip to open: name, label or path (default: the board's, else gpiochip0)", \.gpioChip),
        .text("STATE_FILE", "where the state is persisted", \.stateFile),
        .text("HISTORY_FILE", allowEmpty: true, "run history, one line per run (rotated to <file>.1; the counters are saved with the state); empty: history.jsonl beside STATE_FILE", \.historyFile),
        .flag("MOCK_GPIO", "use the in-memory pin driver (no hardware); same as --mock", \.mockGPIO),
        .choice("LOG_LEVEL", "least severe log level written; same as --log-level", \.logLevel),
    ]

    /// Names the reference reads or documents that firepump accepts and ignores, so an existing
    /// `.env` keeps working (reference §3.2 and §3.4).
    static let ignoredForCompatibility: Set<String> = [
        "ACTION_RETRY_INTERVAL", "HARDWARE_CHECK_INTERVAL", "HARDWARE_VALIDATION_ENABLED", "RELAY_FEEDBACK_PINS",
        "ENHANCED_STATUS_ENABLED", "SIMULATION_MODE_WARNINGS", "GPIO_SIMULATION", "HEALTH_REPORT_INTERVAL",
        "MQTT_RECONNECT_MIN_DELAY", "MQTT_RECONNECT_MAX_DELAY", "NODE_ID", "BALENA_DEVICE_UUID",
        "DRY_RUN_PROTECTION_ENABLED",
    ]
}
