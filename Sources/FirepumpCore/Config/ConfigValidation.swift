/// Rules that concern more than one of the pump's settings: pins (range, duplicates, clashes;
/// reference M15) and timings that contradict each other (reference §3.3, fatal here on every
/// platform, M16).
public enum ConfigValidation {
    /// Throws the first rule the configuration breaks.
    public static func check(_ config: PumpConfig) throws(ConfigError) {
        try checkPins(config)
        try checkTiming(config.timing)
    }

    static func checkPins(_ config: PumpConfig) throws(ConfigError) {
        var owner: [Int: String] = [:]
        for (key, line, _) in config.wiredPins {
            if let other = owner[line] {
                throw ConfigError(key: "\(other) and \(key)", value: String(line), rule: "two roles cannot share one GPIO line")
            }
            owner[line] = key
        }
    }

    static func checkTiming(_ timing: PumpConfig.Timing) throws(ConfigError) {
        let max = timing.maxEngineRuntime
        if timing.rpmReductionLead >= max {
            throw ConfigError(key: "RPM_REDUCTION_LEAD", value: format(timing.rpmReductionLead),
                              rule: "must be less than MAX_ENGINE_RUNTIME (\(format(max)))")
        }
        if max - timing.rpmReductionLead < 10 {
            throw ConfigError(key: "RPM_REDUCTION_LEAD", value: format(timing.rpmReductionLead),
                              rule: "must leave at least 10 s of full-speed running before MAX_ENGINE_RUNTIME (\(format(max)))")
        }
        if let duration = timing.exerciseDuration, duration > max {
            throw ConfigError(key: "EXERCISE_DURATION", value: format(duration),
                              rule: "must be at most MAX_ENGINE_RUNTIME (\(format(max)))")
        }
        if timing.primingDuration + timing.ignitionStartDuration > max / 2 {
            throw ConfigError(key: "PRIMING_DURATION", value: format(timing.primingDuration),
                              rule: "PRIMING_DURATION + IGNITION_START_DURATION must be at most half of MAX_ENGINE_RUNTIME (\(format(max)))")
        }
    }
}

extension PumpConfig {
    /// The lines a pin setting may name (BCM numbering on a Raspberry Pi: 0-53).
    public static let lineRange = 0...53

    /// Every output's line and every fitted input's line, outputs first, each with the setting
    /// that names it and whether it is an output driven active-high.
    public var wiredPins: [(key: String, line: Int, activeHighOutput: Bool)] {
        let outputPins = Output.allCases.map { output in
            let pin = self.outputs[output]
            return (Self.pinKey(output), pin.line, !pin.activeLow)
        }
        let inputPins = InputRole.allCases.compactMap { role in
            self.inputs[role].line.map { (Self.pinKey(role), $0, false) }
        }
        return outputPins + inputPins
    }

    /// The setting that names an output's line.
    public static func pinKey(_ output: Output) -> String {
        switch output {
        case .mainValve: "MAIN_VALVE_PIN"
        case .ignitionStart: "IGN_START_PIN"
        case .ignitionOn: "IGN_ON_PIN"
        case .ignitionOff: "IGN_OFF_PIN"
        case .refillValve: "REFILL_VALVE_PIN"
        case .primingValve: "PRIMING_VALVE_PIN"
        case .rpmReduce: "RPM_REDUCE_PIN"
        }
    }

    /// The setting that names an input's line.
    public static func pinKey(_ role: InputRole) -> String {
        switch role {
        case .reservoirFloat: "RESERVOIR_FLOAT_PIN"
        case .linePressure: "LINE_PRESSURE_PIN"
        case .flowSensor: "FLOW_SENSOR_PIN"
        case .emergencyButton: "EMERGENCY_BUTTON_PIN"
        case .reservoirLow: "RESERVOIR_LOW_PIN"
        case .engineRunning: "ENGINE_RUNNING_PIN"
        case .batteryLow: "BATTERY_LOW_PIN"
        case .chargerFault: "CHARGER_FAULT_PIN"
        case .lowOilPressure: "LOW_OIL_PRESSURE_PIN"
        case .highEngineTemp: "HIGH_ENGINE_TEMP_PIN"
        case .overspeed: "OVERSPEED_PIN"
        case .lowFuel: "LOW_FUEL_PIN"
        }
    }
}
