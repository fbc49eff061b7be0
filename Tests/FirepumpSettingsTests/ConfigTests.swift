import FirepumpCore
import FirepumpSettings
import Testing

/// The error `DaemonSettings.parse` throws for `settings`, or nil when they are accepted.
func configError(_ settings: [String: String]) -> ConfigError? {
    do {
        _ = try DaemonSettings.parse(settings)
        return nil
    } catch {
        return error
    }
}

/// Target §3 and reference §3: names, aliases, defaults, booleans, minimums, timing and pin rules.
@Suite("Configuration")
struct ConfigTests {
    /// Every name the reference reads (§3.2), with a non-default value and where it must land.
    static let referenceNames: [(key: String, value: String, check: @Sendable (DaemonConfig) -> Bool)] = [
        ("MQTT_BROKER", "broker.lan", { $0.mqtt.broker == "broker.lan" }),
        ("MQTT_PORT", "8883", { $0.mqtt.port == 8883 }),
        ("MQTT_TLS", "true", { $0.mqtt.tls }),
        ("TLS_CA_PATH", "/etc/ca.pem", { $0.mqtt.caPath == "/etc/ca.pem" }),
        ("TOPIC_PREFIX", "site1", { $0.mqtt.topicPrefix == "site1" }),
        ("TRIGGER_TOPIC", "a/trigger", { $0.mqtt.triggerTopic == "a/trigger" }),
        ("EMERGENCY_TOPIC", "a/emergency", { $0.mqtt.emergencyTopic == "a/emergency" }),
        ("TELEMETRY_TOPIC", "a/telemetry", { $0.mqtt.telemetryTopic == "a/telemetry" }),
        ("MAIN_VALVE_PIN", "5", { $0.pump.outputs[.mainValve].line == 5 }),
        ("IGN_START_PIN", "5", { $0.pump.outputs[.ignitionStart].line == 5 }),
        ("IGN_ON_PIN", "5", { $0.pump.outputs[.ignitionOn].line == 5 }),
        ("IGN_OFF_PIN", "5", { $0.pump.outputs[.ignitionOff].line == 5 }),
        ("REFILL_VALVE_PIN", "5", { $0.pump.outputs[.refillValve].line == 5 }),
        ("PRIMING_VALVE_PIN", "5", { $0.pump.outputs[.primingValve].line == 5 }),
        ("RPM_REDUCE_PIN", "5", { $0.pump.outputs[.rpmReduce].line == 5 }),
        ("RESERVOIR_FLOAT_PIN", "16", { $0.pump.inputs[.reservoirFloat].line == 16 }),
        ("LINE_PRESSURE_PIN", "19", { $0.pump.inputs[.linePressure].line == 19 }),
        ("FLOW_SENSOR_PIN", "20", { $0.pump.inputs[.flowSensor].line == 20 }),
        ("EMERGENCY_BUTTON_PIN", "21", { $0.pump.inputs[.emergencyButton].line == 21 }),
        ("RESERVOIR_FLOAT_ACTIVE_LOW", "false", { $0.pump.inputs[.reservoirFloat].activeLow == false }),
        ("LINE_PRESSURE_ACTIVE_LOW", "false", { $0.pump.inputs[.linePressure].activeLow == false }),
        ("EMERGENCY_BUTTON_ACTIVE_LOW", "false", { $0.pump.inputs[.emergencyButton].activeLow == false }),
        ("PRE_OPEN_DELAY", "3", { $0.pump.timing.preOpenDelay == 3 }),
        ("IGNITION_START_DURATION", "4", { $0.pump.timing.ignitionStartDuration == 4 }),
        ("PRIMING_DURATION", "120", { $0.pump.timing.primingDuration == 120 }),
        ("PRESSURE_CHECK_DELAY", "30", { $0.pump.timing.pressureCheckDelay == 30 }),
        ("FIRE_OFF_DELAY", "900", { $0.pump.timing.fireOffDelay == 900 }),
        ("RPM_REDUCTION_LEAD", "20", { $0.pump.timing.rpmReductionLead == 20 }),
        ("RPM_REDUCTION_DURATION", "7.5", { $0.pump.timing.rpmReductionDuration == 7.5 }),
        ("MAX_ENGINE_RUNTIME", "2400", { $0.pump.timing.maxEngineRuntime == 2400 }),
        ("IGNITION_OFF_DURATION", "3", { $0.pump.timing.ignitionOffDuration == 3 }),
        ("VALVE_CLOSE_DELAY", "300", { $0.pump.timing.valveCloseDelay == 300 }),
        ("REFILL_MULTIPLIER", "4", { $0.pump.timing.refillMultiplier == 4 }),
        ("COOLDOWN_DURATION", "90", { $0.pump.timing.cooldownDuration == 90 }),
        ("HEALTH_INTERVAL", "30", { $0.pump.timing.healthInterval == 30 }),
        ("MAX_DRY_RUN_TIME", "120", { $0.pump.timing.maxDryRunTime == 120 }),
    ]

    /// The reference's legacy aliases (§3.1) and the alias the balena file uses.
    static let aliases: [(alias: String, value: String, check: @Sendable (DaemonConfig) -> Bool)] = [
        ("MQTT_TOPIC_PREFIX", "site2", { $0.mqtt.topicPrefix == "site2" }),
        ("IGNITION_START_PIN", "5", { $0.pump.outputs[.ignitionStart].line == 5 }),
        ("IGNITION_ON_PIN", "5", { $0.pump.outputs[.ignitionOn].line == 5 }),
        ("IGNITION_OFF_PIN", "5", { $0.pump.outputs[.ignitionOff].line == 5 }),
        ("VALVE_PRE_OPEN_DELAY", "4", { $0.pump.timing.preOpenDelay == 4 }),
        ("TELEMETRY_INTERVAL", "45", { $0.pump.timing.healthInterval == 45 }),
        ("MQTT_HOST", "host.lan", { $0.mqtt.broker == "host.lan" }),
        ("IGNITION_START_ACTIVE_LOW", "true", { $0.pump.outputs[.ignitionStart].activeLow == true }),
        ("IGNITION_ON_ACTIVE_LOW", "true", { $0.pump.outputs[.ignitionOn].activeLow == true }),
        ("IGNITION_OFF_ACTIVE_LOW", "true", { $0.pump.outputs[.ignitionOff].activeLow == true }),
    ]

    /// Settings firepump adds (target §3, §4, §5, §7, §8, §9).
    static let newNames: [(key: String, value: String, check: @Sendable (DaemonConfig) -> Bool)] = [
        ("MAIN_VALVE_ACTIVE_LOW", "true", { $0.pump.outputs[.mainValve].activeLow == true }),
        ("IGN_START_ACTIVE_LOW", "true", { $0.pump.outputs[.ignitionStart].activeLow == true }),
        ("IGN_ON_ACTIVE_LOW", "true", { $0.pump.outputs[.ignitionOn].activeLow == true }),
        ("IGN_OFF_ACTIVE_LOW", "true", { $0.pump.outputs[.ignitionOff].activeLow == true }),
        ("REFILL_VALVE_ACTIVE_LOW", "true", { $0.pump.outputs[.refillValve].activeLow == true }),
        ("PRIMING_VALVE_ACTIVE_LOW", "true", { $0.pump.outputs[.primingValve].activeLow == true }),
        ("RPM_REDUCE_ACTIVE_LOW", "true", { $0.pump.outputs[.rpmReduce].activeLow == true }),
        ("FLOW_SENSOR_ACTIVE_LOW", "true", { $0.pump.inputs[.flowSensor].activeLow == true }),
        ("RESERVOIR_LOW_PIN", "13", { $0.pump.inputs[.reservoirLow].line == 13 }),
        ("RESERVOIR_LOW_ACTIVE_LOW", "false", { $0.pump.inputs[.reservoirLow].activeLow == false }),
        ("ENGINE_RUNNING_PIN", "12", { $0.pump.inputs[.engineRunning].line == 12 }),
        ("ENGINE_RUNNING_ACTIVE_LOW", "true", { $0.pump.inputs[.engineRunning].activeLow == true }),
        ("IGNITION_ON_DURING_CRANK", "true", { $0.pump.ignitionOnDuringCrank }),
        ("CRANK_REST", "15", { $0.pump.timing.crankRest == 15 }),
        ("MAX_CRANK_ATTEMPTS", "5", { $0.pump.timing.maxCrankAttempts == 5 }),
        ("INPUT_DEBOUNCE", "0.2", { $0.pump.timing.inputDebounce == 0.2 }),
        ("PRESSURE_DEBOUNCE", "4", { $0.pump.timing.pressureDebounce == 4 }),
        ("EMERGENCY_LONG_PRESS", "5", { $0.pump.timing.emergencyLongPress == 5 }),
        ("MQTT_USERNAME", "pump", { $0.mqtt.username == "pump" }),
        ("MQTT_PASSWORD", "s3cret", { $0.mqtt.password == "s3cret" }),
        ("TLS_CERT_PATH", "/etc/c.pem", { $0.mqtt.certPath == "/etc/c.pem" }),
        ("TLS_KEY_PATH", "/etc/k.pem", { $0.mqtt.keyPath == "/etc/k.pem" }),
        ("MQTT_CLIENT_ID", "pump-1", { $0.mqtt.clientID == "pump-1" }),
        ("STATE_FILE", "/tmp/s.json", { $0.stateFile == "/tmp/s.json" }),
        ("HISTORY_FILE", "/srv/h.jsonl", { $0.historyFile == "/srv/h.jsonl" && $0.historyPath == "/srv/h.jsonl" }),
        ("GPIO_CHIP", "gpiochip4", { $0.gpioChip == "gpiochip4" }),
        ("MOCK_GPIO", "yes", { $0.mockGPIO }),
        ("LOG_LEVEL", " Debug ", { $0.logLevel == .debug }),
        ("HA_DISCOVERY", "false", { !$0.mqtt.homeAssistant.discovery }),
        ("HA_DISCOVERY_PREFIX", "site1/ha", { $0.mqtt.homeAssistant.prefix == "site1/ha" }),
        ("HA_COMMANDS", "true", { $0.mqtt.homeAssistant.commands }),
        ("EXERCISE_SCHEDULE", "wed 06:15", { $0.pump.exerciseSchedule == ExerciseSchedule(weekday: 3, hour: 6, minute: 15) }),
        ("EXERCISE_DURATION", "900", { $0.pump.timing.exerciseRuntime == 900 }),
        ("EXERCISE_VALVES", "priming_valve", { $0.pump.exerciseValves == [.primingValve] }),
        ("OIL_PRESSURE_SETTLE", "30", { $0.pump.timing.oilPressureSettle == 30 }),
        ("BATTERY_LOW_PIN", "5", { $0.pump.inputs[.batteryLow].line == 5 }),
        ("BATTERY_LOW_ACTIVE_LOW", "true", { $0.pump.inputs[.batteryLow].activeLow }),
        ("BATTERY_LOW_ACTION", "stop", { $0.pump.alarmActions[.batteryLow] == .stop }),
        ("CHARGER_FAULT_PIN", "6", { $0.pump.inputs[.chargerFault].line == 6 }),
        ("CHARGER_FAULT_ACTIVE_LOW", "true", { $0.pump.inputs[.chargerFault].activeLow }),
        ("CHARGER_FAULT_ACTION", "stop", { $0.pump.alarmActions[.chargerFault] == .stop }),
        ("LOW_OIL_PRESSURE_PIN", "17", { $0.pump.inputs[.lowOilPressure].line == 17 }),
        ("LOW_OIL_PRESSURE_ACTIVE_LOW", "true", { $0.pump.inputs[.lowOilPressure].activeLow }),
        ("LOW_OIL_PRESSURE_ACTION", "stop", { $0.pump.alarmActions[.lowOilPressure] == .stop }),
        ("HIGH_ENGINE_TEMP_PIN", "4", { $0.pump.inputs[.highEngineTemp].line == 4 }),
        ("HIGH_ENGINE_TEMP_ACTIVE_LOW", "true", { $0.pump.inputs[.highEngineTemp].activeLow }),
        ("HIGH_ENGINE_TEMP_ACTION", "stop", { $0.pump.alarmActions[.highEngineTemp] == .stop }),
        ("OVERSPEED_PIN", "8", { $0.pump.inputs[.overspeed].line == 8 }),
        ("OVERSPEED_ACTIVE_LOW", "true", { $0.pump.inputs[.overspeed].activeLow }),
        ("OVERSPEED_ACTION", "alarm", { $0.pump.alarmActions[.overspeed] == .alarm }),
        ("LOW_FUEL_PIN", "9", { $0.pump.inputs[.lowFuel].line == 9 }),
        ("LOW_FUEL_ACTIVE_LOW", "true", { $0.pump.inputs[.lowFuel].activeLow }),
        ("LOW_FUEL_ACTION", "stop", { $0.pump.alarmActions[.lowFuel] == .stop }),
    ]

    @Test("every reference name parses into its setting", arguments: 0..<referenceNames.count)
    func referenceName(_ index: Int) throws {
        let (key, value, check) = Self.referenceNames[index]
        let outcome = try DaemonSettings.parse([key: value])
        #expect(check(outcome.config), "\(key)=\(value)")
        #expect(outcome.unknownKeys.isEmpty)
        #expect(!check(DaemonConfig()), "the test value differs from the default")
    }

    @Test("every legacy alias parses into its setting", arguments: 0..<aliases.count)
    func alias(_ index: Int) throws {
        let (alias, value, check) = Self.aliases[index]
        let outcome = try DaemonSettings.parse([alias: value])
        #expect(check(outcome.config), "\(alias)=\(value)")
        #expect(outcome.unknownKeys.isEmpty)
    }

    @Test("every new firepump name parses into its setting", arguments: 0..<newNames.count)
    func newName(_ index: Int) throws {
        let (key, value, check) = Self.newNames[index]
        let outcome = try DaemonSettings.parse([key: value])
        #expect(check(outcome.config), "\(key)=\(value)")
        #expect(!check(DaemonConfig()))
    }

    @Test("HISTORY_FILE defaults to history.jsonl beside STATE_FILE, wherever that is")
    func historyBesideState() throws {
        #expect(DaemonConfig().historyPath == "/var/lib/firepump/history.jsonl")
        #expect(try DaemonSettings.parse(["STATE_FILE": "/data/pump/s.json"]).config.historyPath == "/data/pump/history.jsonl")
        #expect(try DaemonSettings.parse(["STATE_FILE": "s.json"]).config.historyPath == "history.jsonl")
        #expect(try DaemonSettings.parse(["STATE_FILE": "/data/s.json", "HISTORY_FILE": " "]).config.historyPath == "/data/history.jsonl")
        #expect(throws: ConfigError.self) { try DaemonSettings.parse(["HISTORY_FILE": "a\nb"]) }
    }

    @Test("the tables above cover every setting and alias firepump declares")
    func tablesCoverSettings() {
        let tested = Set(Self.referenceNames.map(\.key) + Self.aliases.map(\.alias) + Self.newNames.map(\.key))
        let declared = Set(DaemonSettings.all.flatMap { [$0.name] + $0.aliases })
        #expect(declared.subtracting(tested).subtracting(["BOARD"]) == [], "a setting without a parse test")
        #expect(tested.subtracting(declared) == [], "a tested name that is not a setting")
        #expect(DaemonSettings.named("IGNITION_ON_PIN")?.name == "IGN_ON_PIN")
    }

    @Test("a canonical name wins over its alias, with a warning when they differ", arguments: [
        ("IGN_START_PIN", "IGNITION_START_PIN"), ("IGN_ON_PIN", "IGNITION_ON_PIN"), ("IGN_OFF_PIN", "IGNITION_OFF_PIN"),
        ("PRE_OPEN_DELAY", "VALVE_PRE_OPEN_DELAY"), ("HEALTH_INTERVAL", "TELEMETRY_INTERVAL"), ("TOPIC_PREFIX", "MQTT_TOPIC_PREFIX"),
    ])
    func canonicalWins(_ canonical: String, _ alias: String) throws {
        let both = try DaemonSettings.parse([canonical: "5", alias: "6"])
        let canonicalOnly = try DaemonSettings.parse([canonical: "5"])
        #expect(both.config == canonicalOnly.config)
        #expect(both.warnings == ["\(alias) is ignored because \(canonical) is set"])
        let same = try DaemonSettings.parse([canonical: "5", alias: "5"])
        #expect(same.warnings.isEmpty)
    }

    @Test("the defaults are exactly the reference's (target §3)")
    func defaults() {
        let config = DaemonConfig()
        let timing = config.pump.timing
        #expect(timing.preOpenDelay == 2 && timing.ignitionStartDuration == 5 && timing.primingDuration == 180)
        #expect(timing.pressureCheckDelay == 60 && timing.fireOffDelay == 1800 && timing.rpmReductionLead == 15)
        #expect(timing.rpmReductionDuration == 5 && timing.maxEngineRuntime == 1800 && timing.ignitionOffDuration == 5)
        #expect(timing.valveCloseDelay == 600 && timing.refillMultiplier == 40 && timing.cooldownDuration == 60)
        #expect(timing.healthInterval == 60 && timing.maxDryRunTime == 300)
        #expect(timing.crankRest == 10 && timing.maxCrankAttempts == 3 && timing.pressureDebounce == 2 && timing.inputDebounce == 0.5)
        #expect(timing.emergencyLongPress == 3)
        let pins: [Output: Int] = [.mainValve: 18, .ignitionStart: 23, .ignitionOn: 24, .ignitionOff: 25, .refillValve: 22, .primingValve: 26, .rpmReduce: 27]
        for (output, line) in pins {
            #expect(config.pump.outputs[output].line == line && config.pump.outputs[output].activeLow == false, "\(output)")
        }
        for role in InputRole.allCases {
            #expect(config.pump.inputs[role].line == nil, "inputs are not fitted unless configured")
            #expect(!config.pump.isFitted(role))
        }
        #expect(config.pump.inputs[.reservoirFloat].activeLow == true && config.pump.inputs[.linePressure].activeLow == true)
        #expect(config.pump.inputs[.emergencyButton].activeLow == true && config.pump.inputs[.reservoirLow].activeLow == true)
        #expect(config.pump.inputs[.flowSensor].activeLow == false && config.pump.inputs[.engineRunning].activeLow == false)
        #expect(!config.pump.ignitionOnDuringCrank)
        #expect(config.mqtt.triggerTopic == "fire/trigger" && config.mqtt.emergencyTopic == "fire/emergency")
        #expect(config.mqtt.telemetryTopic == "system/trigger_telemetry" && config.mqtt.topicPrefix == "")
        #expect(config.mqtt.broker == "mqtt_broker" && config.mqtt.port == 1883 && !config.mqtt.tls)
        #expect(!config.mockGPIO, "hardware mode unless asked (C7)")
    }

    @Test("every setting's default, written as text, parses back to the defaults", arguments: DaemonSettings.all.map(\.name))
    func defaultTextRoundTrips(_ name: String) throws {
        let setting = try #require(DaemonSettings.named(name))
        #expect(try DaemonSettings.parse([name: setting.defaultText]).config == DaemonConfig())
    }

    @Test("booleans accept true/1/yes/on and false/0/no/off in any case, with spaces around", arguments: [
        ("true", true), ("1", true), ("yes", true), ("on", true), ("TRUE", true), ("Yes", true), (" On ", true),
        ("false", false), ("0", false), ("no", false), ("off", false), ("FALSE", false), ("No", false), ("OFF ", false),
    ])
    func booleanAccepted(_ text: String, _ value: Bool) throws {
        #expect(try DaemonSettings.parse(["MQTT_TLS": text]).config.mqtt.tls == value)
        #expect(try DaemonSettings.parse(["IGN_ON_ACTIVE_LOW": text]).config.pump.outputs[.ignitionOn].activeLow == value)
        #expect(try DaemonSettings.parse(["LINE_PRESSURE_ACTIVE_LOW": text]).config.pump.inputs[.linePressure].activeLow == value)
    }

    @Test("any other boolean is rejected with a message naming the key, the value and the rule", arguments: ["2", "tru", "", "enabled", "y", "n", "-1", "truefalse"])
    func booleanRejected(_ text: String) throws {
        for key in ["MQTT_TLS", "IGNITION_ON_DURING_CRANK", "MAIN_VALVE_ACTIVE_LOW", "RESERVOIR_LOW_ACTIVE_LOW", "MOCK_GPIO"] {
            let error = try #require(configError([key: text]), "\(key)=\(text) must be rejected, not read as false")
            #expect(error.key == key)
            #expect(error.value == text)
            #expect(error.rule.contains("true or false"))
            #expect(error.description.contains(key) && error.description.contains("\"\(text)\""))
        }
    }

    @Test("values below the minimum are rejected, not clamped (M16)", arguments: [
        ("MAX_ENGINE_RUNTIME", "30", "60"), ("MAX_ENGINE_RUNTIME", "59.9", "60"), ("IGNITION_START_DURATION", "0.05", "0.1"),
        ("PRIMING_DURATION", "0", "0.1"), ("FIRE_OFF_DELAY", "0.5", "1"), ("RPM_REDUCTION_DURATION", "0", "0.1"),
        ("IGNITION_OFF_DURATION", "0", "0.1"), ("REFILL_MULTIPLIER", "0.5", "1"), ("HEALTH_INTERVAL", "0", "1"),
        ("TELEMETRY_INTERVAL", "0.5", "1"), ("MAX_DRY_RUN_TIME", "29", "30"), ("PRE_OPEN_DELAY", "-1", "0"),
        ("VALVE_CLOSE_DELAY", "-0.1", "0"), ("COOLDOWN_DURATION", "-5", "0"), ("PRESSURE_CHECK_DELAY", "-1", "0"),
        ("RPM_REDUCTION_LEAD", "-1", "0"), ("CRANK_REST", "-1", "0"), ("INPUT_DEBOUNCE", "-0.5", "0"),
        ("EMERGENCY_LONG_PRESS", "0.1", "0.5"),
    ])
    func belowMinimum(_ key: String, _ value: String, _ minimum: String) throws {
        let error = try #require(configError([key: value]))
        let canonical = DaemonSettings.named(key)?.name ?? key
        #expect(error.key == canonical)
        #expect(error.value == value)
        #expect(error.rule == "must be at least \(minimum)")
    }

    @Test("minimum values themselves are accepted", arguments: [
        ("MAX_ENGINE_RUNTIME", "60"), ("IGNITION_START_DURATION", "0.1"), ("FIRE_OFF_DELAY", "1"), ("REFILL_MULTIPLIER", "1"),
        ("MAX_DRY_RUN_TIME", "30"), ("PRE_OPEN_DELAY", "0"), ("VALVE_CLOSE_DELAY", "0"), ("COOLDOWN_DURATION", "0"), ("INPUT_DEBOUNCE", "0"),
    ])
    func minimumAccepted(_ key: String, _ value: String) throws {
        var settings = [key: value]
        if key == "MAX_ENGINE_RUNTIME" { settings["PRIMING_DURATION"] = "20" }
        #expect(configError(settings) == nil)
    }

    @Test("values that are not numbers, or out of range above, are rejected", arguments: [
        ("MAX_ENGINE_RUNTIME", "abc", "must be a number"), ("FIRE_OFF_DELAY", "", "must be a number"),
        ("COOLDOWN_DURATION", "nan", "must be a number"), ("COOLDOWN_DURATION", "inf", "must be a number"),
        ("PRE_OPEN_DELAY", "2s", "must be a number"), ("IGNITION_OFF_DURATION", "61", "must be at most 60"),
        ("REFILL_MULTIPLIER", "1001", "must be at most 1000"),
        ("MAX_CRANK_ATTEMPTS", "0", "must be a whole number from 1 to 10"), ("MAX_CRANK_ATTEMPTS", "2.5", "must be a whole number from 1 to 10"),
        ("MQTT_PORT", "0", "must be a whole number from 1 to 65535"), ("MQTT_PORT", "65536", "must be a whole number from 1 to 65535"),
        ("MQTT_BROKER", "", "must not be empty"), ("TRIGGER_TOPIC", "  ", "must not be empty"),
        ("LOG_LEVEL", "loud", "must be one of trace, debug, info, notice, warning, error, critical"),
    ])
    func malformedNumbers(_ key: String, _ value: String, _ rule: String) throws {
        let error = try #require(configError([key: value]))
        #expect(error.key == key && error.value == value && error.rule == rule)
    }

    // MARK: Timing consistency (reference §3.3, fatal on every platform here)

    @Test("RPM_REDUCTION_LEAD must be less than MAX_ENGINE_RUNTIME and leave 10 s of full-speed running")
    func leadRules() throws {
        let equal = try #require(configError(["MAX_ENGINE_RUNTIME": "600", "RPM_REDUCTION_LEAD": "600"]))
        #expect(equal.key == "RPM_REDUCTION_LEAD" && equal.value == "600")
        #expect(equal.rule.contains("MAX_ENGINE_RUNTIME"))
        let tight = try #require(configError(["MAX_ENGINE_RUNTIME": "600", "RPM_REDUCTION_LEAD": "591"]))
        #expect(tight.key == "RPM_REDUCTION_LEAD")
        #expect(tight.rule.contains("10 s"))
        #expect(configError(["MAX_ENGINE_RUNTIME": "600", "RPM_REDUCTION_LEAD": "590"]) == nil)
    }

    @Test("PRIMING_DURATION + IGNITION_START_DURATION must be at most half of MAX_ENGINE_RUNTIME")
    func primingRule() throws {
        let error = try #require(configError(["MAX_ENGINE_RUNTIME": "300", "PRIMING_DURATION": "146"]))
        #expect(error.key == "PRIMING_DURATION" && error.value == "146")
        #expect(error.rule.contains("IGNITION_START_DURATION") && error.rule.contains("MAX_ENGINE_RUNTIME"))
        #expect(configError(["MAX_ENGINE_RUNTIME": "300", "PRIMING_DURATION": "145"]) == nil)
        #expect(configError(["MAX_ENGINE_RUNTIME": "60"]) != nil, "the default priming (180 s) does not fit a 60 s run")
    }

    // MARK: Pins (M15)

    @Test("output pins must be GPIO lines 0-53; they cannot be disabled", arguments: ["54", "-1", "", "abc", "18.5", "100"])
    func outputPinRange(_ value: String) throws {
        let error = try #require(configError(["MAIN_VALVE_PIN": value]))
        #expect(error.key == "MAIN_VALVE_PIN" && error.value == value)
        #expect(error.rule.contains("0 to 53"))
    }

    @Test("input pins: 0 or empty means not fitted; otherwise 1-53", arguments: ["0", "", " "])
    func inputPinDisabled(_ value: String) throws {
        let config = try DaemonSettings.parse(["FLOW_SENSOR_PIN": value]).config
        #expect(!config.pump.isFitted(.flowSensor))
    }

    @Test("input pins out of range are rejected", arguments: ["54", "-3", "x"])
    func inputPinRange(_ value: String) throws {
        let error = try #require(configError(["LINE_PRESSURE_PIN": value]))
        #expect(error.key == "LINE_PRESSURE_PIN" && error.value == value)
    }

    @Test("two roles on one line are rejected, naming both settings", arguments: [
        (["MAIN_VALVE_PIN": "23"], ["MAIN_VALVE_PIN", "IGN_START_PIN"], "23"),
        (["RPM_REDUCE_PIN": "5", "PRIMING_VALVE_PIN": "5"], ["PRIMING_VALVE_PIN", "RPM_REDUCE_PIN"], "5"),
        (["FLOW_SENSOR_PIN": "18"], ["MAIN_VALVE_PIN", "FLOW_SENSOR_PIN"], "18"),
        (["IGNITION_OFF_PIN": "16", "RESERVOIR_FLOAT_PIN": "16"], ["IGN_OFF_PIN", "RESERVOIR_FLOAT_PIN"], "16"),
        (["FLOW_SENSOR_PIN": "5", "LINE_PRESSURE_PIN": "5"], ["LINE_PRESSURE_PIN", "FLOW_SENSOR_PIN"], "5"),
        (["ENGINE_RUNNING_PIN": "12", "RESERVOIR_LOW_PIN": "12"], ["RESERVOIR_LOW_PIN", "ENGINE_RUNNING_PIN"], "12"),
    ])
    func pinClash(_ settings: [String: String], _ keys: [String], _ line: String) throws {
        let error = try #require(configError(settings))
        for key in keys { #expect(error.key.contains(key), "\(error)") }
        #expect(error.value == line)
        #expect(error.rule.contains("share"))
    }

    @Test("two unfitted inputs do not clash")
    func unfittedInputsDoNotClash() {
        #expect(configError(["FLOW_SENSOR_PIN": "0", "LINE_PRESSURE_PIN": "0"]) == nil)
        #expect(configError(["FLOW_SENSOR_PIN": "", "EMERGENCY_BUTTON_PIN": "0"]) == nil)
    }

    @Test("ConfigValidation rejects a configuration built in code, too")
    func validationInCode() {
        var config = PumpConfig()
        config.inputs[.reservoirFloat].line = 24
        #expect(throws: ConfigError.self) { try ConfigValidation.check(config) }
        #expect(throws: Never.self) { try ConfigValidation.check(PumpConfig()) }
    }

    // MARK: Unknown and compatibility keys

    @Test("names the reference reads but firepump does not use are accepted with a warning, not reported unknown")
    func compatibilityKeys() throws {
        let keys = ["ACTION_RETRY_INTERVAL", "HARDWARE_CHECK_INTERVAL", "HARDWARE_VALIDATION_ENABLED", "RELAY_FEEDBACK_PINS",
                    "ENHANCED_STATUS_ENABLED", "SIMULATION_MODE_WARNINGS", "GPIO_SIMULATION", "DRY_RUN_PROTECTION_ENABLED"]
        let outcome = try DaemonSettings.parse(Dictionary(uniqueKeysWithValues: keys.map { ($0, "[12, 13]") }))
        #expect(outcome.unknownKeys.isEmpty)
        #expect(outcome.config == DaemonConfig())
        for key in keys { #expect(outcome.warnings.contains { $0.hasPrefix(key) }) }
    }

    @Test("unknown keys are reported, sorted; the rest still parses")
    func unknownKeys() throws {
        let outcome = try DaemonSettings.parse(["MAX_ENGINE_RUNTIM": "60", "FIRE_OFF_DELAY": "60", "A_TYPO": "1"])
        #expect(outcome.unknownKeys == ["A_TYPO", "MAX_ENGINE_RUNTIM"])
        #expect(outcome.config.pump.timing.fireOffDelay == 60)
        #expect(outcome.config.pump.timing.maxEngineRuntime == 1800)
    }

    @Test("parsing over a base keeps the base's values for keys not given")
    func overBase() throws {
        var base = DaemonConfig()
        base.gpioChip = "gpiochip4"
        #expect(try DaemonSettings.parse(["FIRE_OFF_DELAY": "60"], over: base).config.gpioChip == "gpiochip4")
    }

    @Test("text settings are trimmed; multi-line values are rejected")
    func textSettings() throws {
        #expect(try DaemonSettings.parse(["MQTT_BROKER": "  broker.lan \t"]).config.mqtt.broker == "broker.lan")
        let error = try #require(configError(["TRIGGER_TOPIC": "fire/\ntrigger"]))
        #expect(error.key == "TRIGGER_TOPIC")
        #expect(try DaemonSettings.parse(["MQTT_USERNAME": "  "]).config.mqtt.username == nil)
    }
}
