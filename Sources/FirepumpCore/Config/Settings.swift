/// Every setting firepump reads, with the reference's names and aliases (reference §3.2) and
/// the new ones of target-behaviour.md. The README's configuration table is generated from this.
public enum Settings {
    public static let all: [Setting] = sections.flatMap(\.settings)

    /// The settings in the order and groups of the settings file, each group with a heading.
    static let sections: [(heading: String, settings: [Setting])] = [
        ("MQTT broker and topics", mqtt),
        ("Home Assistant discovery (docs/home-assistant.md)", homeAssistant),
        ("Relay outputs (BCM line numbers; header pins in `firepump pins`)", outputs),
        ("Inputs (BCM line numbers, 0 = not fitted)", inputs),
        ("Engine supervision inputs (BCM line numbers, 0 = not fitted; ACTION alarm or stop)", supervision),
        ("Timings (seconds)", timing),
        ("Exercise runs (docs/state-machine.md)", exercise),
        ("Board, chip, state and logging", daemon),
    ]

    static let mqtt: [Setting] = [
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

    static let homeAssistant: [Setting] = [
        .flag("HA_DISCOVERY", "announce the pump's entities to Home Assistant (MQTT discovery); false publishes nothing under HA_DISCOVERY_PREFIX", \.mqtt.homeAssistant.discovery),
        .text("HA_DISCOVERY_PREFIX", "Home Assistant's discovery prefix (not under TOPIC_PREFIX); firepump also subscribes to HA_DISCOVERY_PREFIX/status", \.mqtt.homeAssistant.prefix),
        .flag("HA_COMMANDS", "also announce start, stop and reset buttons (they publish on EMERGENCY_TOPIC)", \.mqtt.homeAssistant.commands),
    ]

    static let outputs: [Setting] = [
        .outputPin("MAIN_VALVE_PIN", .mainValve, "main valve relay"),
        .outputPin("IGN_START_PIN", aliases: ["IGNITION_START_PIN"], .ignitionStart, "ignition start (crank) relay"),
        .outputPin("IGN_ON_PIN", aliases: ["IGNITION_ON_PIN"], .ignitionOn, "ignition on (run) relay"),
        .outputPin("IGN_OFF_PIN", aliases: ["IGNITION_OFF_PIN"], .ignitionOff, "ignition off (stop) relay"),
        .outputPin("REFILL_VALVE_PIN", .refillValve, "refill valve relay"),
        .outputPin("PRIMING_VALVE_PIN", .primingValve, "priming valve relay"),
        .outputPin("RPM_REDUCE_PIN", .rpmReduce, "RPM reduce relay"),
        .outputPolarity("MAIN_VALVE_ACTIVE_LOW", .mainValve),
        .outputPolarity("IGN_START_ACTIVE_LOW", aliases: ["IGNITION_START_ACTIVE_LOW"], .ignitionStart),
        .outputPolarity("IGN_ON_ACTIVE_LOW", aliases: ["IGNITION_ON_ACTIVE_LOW"], .ignitionOn),
        .outputPolarity("IGN_OFF_ACTIVE_LOW", aliases: ["IGNITION_OFF_ACTIVE_LOW"], .ignitionOff),
        .outputPolarity("REFILL_VALVE_ACTIVE_LOW", .refillValve),
        .outputPolarity("PRIMING_VALVE_ACTIVE_LOW", .primingValve),
        .outputPolarity("RPM_REDUCE_ACTIVE_LOW", .rpmReduce),
    ]

    static let inputs: [Setting] = [
        .inputPin("RESERVOIR_FLOAT_PIN", .reservoirFloat, "tank-full float switch; ends a refill early"),
        .inputPolarity("RESERVOIR_FLOAT_ACTIVE_LOW", .reservoirFloat, "float reads full when low"),
        .inputPin("LINE_PRESSURE_PIN", .linePressure, "line pressure switch; low pressure trips the pump"),
        .inputPolarity("LINE_PRESSURE_ACTIVE_LOW", .linePressure, "pressure is OK when low"),
        .inputPin("FLOW_SENSOR_PIN", .flowSensor, "flow switch for dry-run protection"),
        .inputPolarity("FLOW_SENSOR_ACTIVE_LOW", .flowSensor, "flow is present when low"),
        .inputPin("EMERGENCY_BUTTON_PIN", .emergencyButton, "local button: press starts, long press stops"),
        .inputPolarity("EMERGENCY_BUTTON_ACTIVE_LOW", .emergencyButton, "button is pressed when low"),
        .inputPin("RESERVOIR_LOW_PIN", .reservoirLow, "tank-nearly-empty switch: blocks starts, stops a run"),
        .inputPolarity("RESERVOIR_LOW_ACTIVE_LOW", .reservoirLow, "tank is empty when low"),
        .inputPin("ENGINE_RUNNING_PIN", .engineRunning, "engine-running feedback; enables crank retries"),
        .inputPolarity("ENGINE_RUNNING_ACTIVE_LOW", .engineRunning, "engine is running when low"),
    ]

    /// The engine supervision inputs: pin, polarity and action of each.
    static let supervision: [Setting] = InputRole.supervision.flatMap { role -> [Setting] in
        let key = String(PumpConfig.pinKey(role).dropLast(4))
        let what = role.rawValue.split(separator: "_").joined(separator: " ")
        return [
            .inputPin("\(key)_PIN", role, "\(what) alarm contact (engine supervision)"),
            .inputPolarity("\(key)_ACTIVE_LOW", role, "\(what) alarm is active when low"),
            .alarmAction("\(key)_ACTION", role),
        ]
    }

    /// Exercise runs.
    static let exercise: [Setting] = [
        .exerciseSchedule("EXERCISE_SCHEDULE"),
        .exerciseDuration("EXERCISE_DURATION"),
        .exerciseValves("EXERCISE_VALVES"),
        .number("OIL_PRESSURE_SETTLE", min: 0, max: 600, "low oil pressure counts only once the engine has run this long", \.timing.oilPressureSettle),
    ]

    static let timing: [Setting] = [
        .number("PRE_OPEN_DELAY", aliases: ["VALVE_PRE_OPEN_DELAY"], min: 0, "valves open → cranking starts", \.timing.preOpenDelay),
        .number("IGNITION_START_DURATION", min: 0.1, max: 60, "crank length", \.timing.ignitionStartDuration),
        .flag("IGNITION_ON_DURING_CRANK", "ignition on goes on with the crank, not after it", \.ignitionOnDuringCrank),
        .number("CRANK_REST", min: 0, max: 600, "rest between crank attempts", \.timing.crankRest),
        .integer("MAX_CRANK_ATTEMPTS", range: 1...10, "crank attempts before ERROR \"fail to start\" (needs ENGINE_RUNNING_PIN)", \.timing.maxCrankAttempts),
        .number("PRIMING_DURATION", min: 0.1, "priming valve open time, from RUNNING", \.timing.primingDuration),
        .number("PRESSURE_CHECK_DELAY", min: 0, "priming end → line pressure watched", \.timing.pressureCheckDelay),
        .number("FIRE_OFF_DELAY", min: 1, "no trigger for this long → fire-off stop", \.timing.fireOffDelay),
        .number("RPM_REDUCTION_LEAD", min: 0, "RPM reduce starts this long before MAX_ENGINE_RUNTIME", \.timing.rpmReductionLead),
        .number("RPM_REDUCTION_DURATION", min: 0.1, max: 600, "RPM reduce hold before a fire-off or hazard stop", \.timing.rpmReductionDuration),
        .number("MAX_ENGINE_RUNTIME", min: 60, "hard engine run limit, from RUNNING", \.timing.maxEngineRuntime),
        .number("IGNITION_OFF_DURATION", min: 0.1, max: 60, "ignition-off pulse length", \.timing.ignitionOffDuration),
        .number("VALVE_CLOSE_DELAY", min: 0, "engine stop → main valve closes", \.timing.valveCloseDelay),
        .number("REFILL_MULTIPLIER", min: 1, max: 1000, "refill time = runtime × this", \.timing.refillMultiplier),
        .number("COOLDOWN_DURATION", min: 0, "COOLDOWN → IDLE", \.timing.cooldownDuration),
        .number("HEALTH_INTERVAL", aliases: ["TELEMETRY_INTERVAL"], min: 1, max: 86_400, "health report period", \.timing.healthInterval),
        .number("MAX_DRY_RUN_TIME", min: 30, "no flow for this long while running → ERROR \"dry run\"", \.timing.maxDryRunTime),
        .number("INPUT_DEBOUNCE", min: 0, max: 10, "debounce of every input but pressure", \.timing.inputDebounce),
        .number("PRESSURE_DEBOUNCE", min: 0, max: 60, "pressure must stay low this long to trip", \.timing.pressureDebounce),
        .number("EMERGENCY_LONG_PRESS", min: 0.5, max: 30, "holding the button this long is an emergency stop", \.timing.emergencyLongPress),
    ]

    static let daemon: [Setting] = [
        .text("BOARD", allowEmpty: true, "board pin map: a name in boards/ (pi3bplus, pi4b, pi5, zero2w) or a path to a board file; checks pins and sets the default GPIO_CHIP; same as --board", \.board),
        .text("GPIO_CHIP", "GPIO chip to open: name, label or path (default: the board's, else gpiochip0)", \.gpioChip),
        .text("STATE_FILE", "where the state is persisted", \.stateFile),
        .text("HISTORY_FILE", allowEmpty: true, "run history, one line per run (rotated to <file>.1; counters in <file>.ledger.0/.1); empty: history.jsonl beside STATE_FILE", \.historyFile),
        .flag("MOCK_GPIO", "use the in-memory pin driver (no hardware); same as --mock", \.mockGPIO),
        .choice("LOG_LEVEL", "least severe log level written; same as --log-level", \.logLevel),
    ]

    /// Names the reference reads or documents that firepump accepts and ignores, so an existing
    /// `.env` keeps working (reference §3.2 and §3.4).
    public static let ignoredForCompatibility: Set<String> = [
        "ACTION_RETRY_INTERVAL", "HARDWARE_CHECK_INTERVAL", "HARDWARE_VALIDATION_ENABLED", "RELAY_FEEDBACK_PINS",
        "ENHANCED_STATUS_ENABLED", "SIMULATION_MODE_WARNINGS", "GPIO_SIMULATION", "HEALTH_REPORT_INTERVAL",
        "MQTT_RECONNECT_MIN_DELAY", "MQTT_RECONNECT_MAX_DELAY", "NODE_ID", "BALENA_DEVICE_UUID",
        "DRY_RUN_PROTECTION_ENABLED",
    ]

    /// The setting with a name or alias, if any.
    public static func named(_ key: String) -> Setting? {
        all.first { $0.name == key || $0.aliases.contains(key) }
    }
}

extension Settings {
    /// Every setting as a Markdown table (name, aliases, default, meaning): what
    /// `firepump check-config --markdown-table` prints and `docs/configuration.md` holds.
    public static var markdownTable: String {
        var lines = ["| Setting | Aliases | Default | Meaning |", "|---|---|---|---|"]
        for setting in all {
            let aliases = setting.aliases.map { "`\($0)`" }.joined(separator: ", ")
            let fallback = setting.defaultText.isEmpty ? "(none)" : "`\(setting.defaultText)`"
            lines.append("| `\(setting.name)` | \(aliases) | \(fallback) | \(setting.meaning) |")
        }
        return lines.joined(separator: "\n")
    }
}
