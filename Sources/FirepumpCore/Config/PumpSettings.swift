/// The pump's own settings (wiring, supervision, timings, exercise runs), with the reference's
/// names and aliases (reference §3.2) and the new ones of target-behaviour.md. A deployment's
/// settings table holds these within its own (the daemon's broker, chip, files and logging).
public enum PumpSettings {
    /// The pump's settings in the order and groups of the settings file, and the rules between them.
    public static let table = SettingsTable<PumpConfig>(
        sections: [
            .init("Relay outputs (BCM line numbers; header pins in `firepump pins`)", outputs),
            .init("Inputs (BCM line numbers, 0 = not fitted)", inputs),
            .init("Engine supervision inputs (BCM line numbers, 0 = not fitted; ACTION alarm or stop)", supervision),
            .init("Timings (seconds)", timing),
            .init("Exercise runs (docs/state-machine.md)", exercise),
        ],
        check: ConfigValidation.check)

    /// Parses the pump's settings over the defaults (or over `base`); see ``SettingsTable/parse(_:over:)``.
    public static func parse(_ values: [String: String], over base: PumpConfig = PumpConfig()) throws(ConfigError) -> SettingsTable<PumpConfig>.Outcome {
        try table.parse(values, over: base)
    }

    static let outputs: [Setting<PumpConfig>] = [
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

    static let inputs: [Setting<PumpConfig>] = [
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
    static let supervision: [Setting<PumpConfig>] = InputRole.supervision.flatMap { role -> [Setting<PumpConfig>] in
        let key = String(PumpConfig.pinKey(role).dropLast(4))
        let what = role.rawValue.split(separator: "_").joined(separator: " ")
        return [
            .inputPin("\(key)_PIN", role, "\(what) alarm contact (engine supervision)"),
            .inputPolarity("\(key)_ACTIVE_LOW", role, "\(what) alarm is active when low"),
            .alarmAction("\(key)_ACTION", role),
        ]
    }

    /// Exercise runs.
    static let exercise: [Setting<PumpConfig>] = [
        .exerciseSchedule("EXERCISE_SCHEDULE"),
        .exerciseDuration("EXERCISE_DURATION"),
        .exerciseValves("EXERCISE_VALVES"),
        .number("OIL_PRESSURE_SETTLE", min: 0, max: 600, "low oil pressure counts only once the engine has run this long", \.timing.oilPressureSettle),
    ]

    static let timing: [Setting<PumpConfig>] = [
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
}
