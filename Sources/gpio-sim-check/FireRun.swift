import FirepumpCore

/// Whole fire runs of the real pump controller on the libgpiod backend (``FireRig``): the default
/// timers on a virtual clock, every relay read back from the kernel at each phase, sensor edges
/// made with gpio-sim's `pull` and delivered by the driver's reader thread.
enum FireRunChecks {
    /// Default pins and timers; three relays switch on low, so polarity is exercised both ways;
    /// the float and line pressure switches (active-low, the defaults) on lines 16 and 20.
    static let settings = [
        "MAIN_VALVE_ACTIVE_LOW": "true", "REFILL_VALVE_ACTIVE_LOW": "true", "IGN_OFF_ACTIVE_LOW": "true",
        "RESERVOIR_FLOAT_PIN": "16", "LINE_PRESSURE_PIN": "20",
    ]

    static func cases(_ options: CheckOptions) -> [CheckCase] {
        [
            CheckCase("fire run: trigger to IDLE through every phase on gpio-sim, the float ending the refill") {
                let clock = ContinuousClock()
                let began = clock.now
                let rig = try FireRig(options, settings: settings)
                let timing = rig.config.timing
                try rig.start()
                try rig.expectRelays(.idle, on: [])
                try require(rig.inputs == [.reservoirFloat: false, .linePressure: false],
                            "at boot the pulled-up switches read \(rig.inputs), expected not full and no pressure")
                rig.trigger()
                try rig.expectRelays(.priming, on: [.mainValve, .primingValve, .refillValve])
                try rig.advance(until: .starting, at: timing.preOpenDelay)
                try rig.expectRelays(.starting, on: [.mainValve, .primingValve, .refillValve, .ignitionStart])
                let running = timing.preOpenDelay + timing.ignitionStartDuration
                try rig.advance(until: .running, at: running)
                try rig.expectRelays(.running, on: [.mainValve, .primingValve, .refillValve, .ignitionOn])
                try rig.drive(.linePressure, active: true)
                try rig.advance(to: running + timing.primingDuration)
                try require(rig.inputs[.linePressure] == true, "line pressure did not settle OK: \(rig.inputs)")
                try rig.expectRelays(.running, on: [.mainValve, .refillValve, .ignitionOn])
                try rig.advance(until: .reducingRPM, at: running + (timing.maxEngineRuntime - timing.rpmReductionLead))
                try rig.expectRelays(.reducingRPM, on: [.mainValve, .refillValve, .ignitionOn, .rpmReduce])
                let stopped = running + timing.maxEngineRuntime
                try rig.advance(until: .stopping, at: stopped)
                try rig.expectRelays(.stopping, on: [.mainValve, .refillValve, .ignitionOff, .rpmReduce])
                let refilling = stopped + timing.ignitionOffDuration
                try rig.advance(until: .refilling, at: refilling)
                try rig.expectRelays(.refilling, on: [.mainValve, .refillValve])
                // The tank is full a minute later, long before the refill timer (runtime × 40).
                try rig.advance(to: refilling + 60)
                try rig.drive(.reservoirFloat, active: true)
                let cooldown = refilling + 60 + timing.inputDebounce
                try rig.advance(until: .cooldown, at: cooldown)
                try require(rig.telemetry.actions.contains("refill_complete_float_switch"),
                            "the refill did not end on the float: \(rig.telemetry.actions)")
                try rig.expectRelays(.cooldown, on: [.mainValve])
                try rig.advance(until: .idle, at: cooldown + timing.cooldownDuration)
                try rig.expectRelays(.idle, on: [.mainValve])
                try rig.advance(to: stopped + timing.valveCloseDelay)
                try rig.expectRelays(.idle, on: [])
                try rig.releaseAndCheck()
                let real = (clock.now - began).components
                let milliseconds = real.seconds * 1000 + real.attoseconds / 1_000_000_000_000_000
                Console.line("INFO fire run: \(Int(rig.now.seconds)) s of pump time in \(milliseconds) ms of real time")
            },
            CheckCase("fire run: line pressure lost while RUNNING trips the pump through the stop sequence into ERROR") {
                let rig = try FireRig(options, settings: settings)
                let timing = rig.config.timing
                try rig.start()
                rig.trigger()
                let running = timing.preOpenDelay + timing.ignitionStartDuration
                try rig.advance(until: .running, at: running)
                try rig.drive(.linePressure, active: true)
                let watched = running + timing.primingDuration + timing.pressureCheckDelay
                try rig.advance(to: watched)
                try rig.expectRelays(.running, on: [.mainValve, .refillValve, .ignitionOn])
                try rig.drive(.linePressure, active: false)
                let tripped = watched + timing.pressureDebounce
                try rig.advance(until: .reducingRPM, at: tripped)
                try rig.expectRelays(.reducingRPM, on: [.mainValve, .refillValve, .ignitionOn, .rpmReduce])
                let stopped = tripped + timing.rpmReductionDuration
                try rig.advance(until: .stopping, at: stopped)
                try rig.expectRelays(.stopping, on: [.mainValve, .ignitionOff, .rpmReduce])
                try rig.advance(until: .error, at: stopped + timing.ignitionOffDuration)
                try rig.expectRelays(.error, on: [.mainValve])
                try require(rig.telemetry.actions.contains("low_pressure_detected"),
                            "no low_pressure_detected event: \(rig.telemetry.actions)")
                try rig.advance(to: stopped + timing.valveCloseDelay)
                try rig.expectRelays(.error, on: [])
                rig.command("reset")
                try rig.expectRelays(.idle, on: [])
                try rig.releaseAndCheck()
            },
        ]
    }
}
