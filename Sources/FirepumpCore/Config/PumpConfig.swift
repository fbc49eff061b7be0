/// The validated configuration of one pump: what the state machine and the controller's pin work
/// need (timings, wiring, supervision actions, exercise runs). Defaults are the reference's
/// (`gpio_trigger`) so existing installations behave the same. Where it is deployed (broker,
/// chip, files, logging) is the daemon's business, not the pump's.
///
/// Build one with ``PumpSettings`` from environment-style settings; it is never invalid.
public struct PumpConfig: Configurable, Hashable {
    /// Timings, in seconds unless noted.
    public struct Timing: Sendable, Hashable {
        public var preOpenDelay = 2.0
        public var ignitionStartDuration = 5.0
        public var primingDuration = 180.0
        public var pressureCheckDelay = 60.0
        public var fireOffDelay = 1800.0
        public var rpmReductionLead = 15.0
        public var rpmReductionDuration = 5.0
        public var maxEngineRuntime = 1800.0
        public var ignitionOffDuration = 5.0
        public var valveCloseDelay = 600.0
        /// Refill time = engine runtime × this.
        public var refillMultiplier = 40.0
        public var cooldownDuration = 60.0
        public var healthInterval = 60.0
        public var maxDryRunTime = 300.0
        /// Rest between crank attempts when the engine did not confirm running.
        public var crankRest = 10.0
        /// Crank attempts before "fail to start" (only with `ENGINE_RUNNING_PIN`).
        public var maxCrankAttempts = 3
        /// Debounce of every input except line pressure.
        public var inputDebounce = 0.5
        /// How long pressure must stay low before the pump trips.
        public var pressureDebounce = 2.0
        /// Holding the emergency button this long is an emergency stop.
        public var emergencyLongPress = 3.0
        /// Engine running time of an exercise run, when set (`EXERCISE_DURATION`); see
        /// ``exerciseRuntime``.
        public var exerciseDuration: Double?
        /// Low oil pressure is an alarm only once the engine has run this long.
        public var oilPressureSettle = 15.0

        public init() {}

        /// The exercise's engine running time: `EXERCISE_DURATION`, else 600 s or
        /// `MAX_ENGINE_RUNTIME` if that is shorter (so a short max runtime set before exercises
        /// existed stays valid).
        public var exerciseRuntime: Double { exerciseDuration ?? min(600, maxEngineRuntime) }
    }

    /// One relay output's wiring.
    public struct OutputPin: Sendable, Hashable {
        public var line: Int
        public var activeLow: Bool
    }

    /// One optional input's wiring; `line == nil` means not fitted.
    public struct InputPin: Sendable, Hashable {
        public var line: Int?
        public var activeLow: Bool
    }

    public var timing = Timing()
    public var ignitionOnDuringCrank = false
    /// Every output's wiring: the reference's lines, active-high.
    public var outputs = CaseTable<Output, OutputPin> { output in
        switch output {
        case .mainValve: OutputPin(line: 18, activeLow: false)
        case .ignitionStart: OutputPin(line: 23, activeLow: false)
        case .ignitionOn: OutputPin(line: 24, activeLow: false)
        case .ignitionOff: OutputPin(line: 25, activeLow: false)
        case .refillValve: OutputPin(line: 22, activeLow: false)
        case .primingValve: OutputPin(line: 26, activeLow: false)
        case .rpmReduce: OutputPin(line: 27, activeLow: false)
        }
    }
    /// Every input's wiring: none fitted; each polarity such that a broken wire reads the alarm.
    public var inputs = CaseTable<InputRole, InputPin> { role in
        switch role {
        case .reservoirFloat, .linePressure, .emergencyButton, .reservoirLow: InputPin(line: nil, activeLow: true)
        case .flowSensor, .engineRunning: InputPin(line: nil, activeLow: false)
        // Alarm contacts that open on alarm (pulled up): active-high, so a broken wire alarms.
        case .batteryLow, .chargerFault, .lowOilPressure, .highEngineTemp, .overspeed, .lowFuel: InputPin(line: nil, activeLow: false)
        }
    }
    /// What each supervision input does while active (`*_ACTION`); ignored for other inputs.
    public var alarmActions = CaseTable<InputRole, AlarmAction> { AlarmAction.defaultAction(for: $0) }
    /// The weekly exercise (`EXERCISE_SCHEDULE`); `nil` when off.
    public var exerciseSchedule: ExerciseSchedule?
    /// The valves an exercise opens (`EXERCISE_VALVES`), in the order written.
    public var exerciseValves: [Output] = [.mainValve, .primingValve]

    public init() {}

    /// Whether an input is fitted.
    public func isFitted(_ role: InputRole) -> Bool { inputs[role].line != nil }

    /// The input whose activity means "water is flowing": the flow sensor, else line pressure
    /// as a proxy, else none (dry-run protection is then off and health says so).
    public var flowSource: InputRole? {
        if isFitted(.flowSensor) { return .flowSensor }
        if isFitted(.linePressure) { return .linePressure }
        return nil
    }

    /// The debounce applied to an input.
    public func debounce(_ role: InputRole) -> Double {
        role == .linePressure ? timing.pressureDebounce : timing.inputDebounce
    }
}
