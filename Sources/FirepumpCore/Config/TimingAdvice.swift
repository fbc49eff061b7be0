/// Timings that are allowed but unwise: the reference's start-up warnings (reference §3.3),
/// worded for the operator. They never stop the service; the daemon logs each one at start.
public enum TimingAdvice {
    /// One line per questionable timing, naming the settings involved; empty for the defaults.
    public static func notes(for timing: PumpConfig.Timing) -> [String] {
        var notes: [String] = []
        let max = timing.maxEngineRuntime
        let effective = max - timing.primingDuration - timing.ignitionStartDuration
        if effective < 60 {
            notes.append("MAX_ENGINE_RUNTIME (\(format(max))) leaves \(format(effective)) s of pumping after PRIMING_DURATION and IGNITION_START_DURATION; less than 60 s")
        }
        if timing.primingDuration < 30 || timing.primingDuration > 300 {
            notes.append("PRIMING_DURATION (\(format(timing.primingDuration))) is outside the usual 30-300 s")
        }
        if timing.ignitionStartDuration < 3 || timing.ignitionStartDuration > 30 {
            notes.append("IGNITION_START_DURATION (\(format(timing.ignitionStartDuration))) is outside the usual 3-30 s crank")
        }
        if timing.refillMultiplier < 1.5 {
            notes.append("REFILL_MULTIPLIER (\(format(timing.refillMultiplier))) is below 1.5: the tank may not refill between runs")
        }
        if timing.valveCloseDelay < timing.ignitionOffDuration {
            notes.append("VALVE_CLOSE_DELAY (\(format(timing.valveCloseDelay))) is shorter than IGNITION_OFF_DURATION (\(format(timing.ignitionOffDuration))): the main valve closes before the engine has stopped")
        }
        if timing.healthInterval > max / 3 {
            notes.append("HEALTH_INTERVAL (\(format(timing.healthInterval))) is more than a third of MAX_ENGINE_RUNTIME (\(format(max))): a run gets few health reports")
        }
        if timing.fireOffDelay > max {
            notes.append("FIRE_OFF_DELAY (\(format(timing.fireOffDelay))) is longer than MAX_ENGINE_RUNTIME (\(format(max))): every run ends at the max runtime")
        }
        return notes
    }
}
