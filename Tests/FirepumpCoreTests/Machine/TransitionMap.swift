// Where each transition of the reference (reference-gpio-trigger.md §1.2) is pinned down, and how
// target-behaviour.md changed it. A row marked "changed" tests the target's rule, not the reference's.
//
// T1  IDLE trigger → PRIMING, valves first ............ StartSequenceTests.valvesFirst, .defaultCycle
//     (M2: no `emergency_valve_open` on a normal start; the exact action list is asserted)
// T1b trigger during refill lockout ................... RefillTests.triggerRefusedWhileRefilling
// T2  PRIMING → STARTING → RUNNING ..................... StartSequenceTests.defaultCycle, .ignitionOnDuringCrank,
//     (changed, H12: feedback, retries, fail to start)   .failToStart, .earlyCrankRelease, .confirmedDuringRest
// T3  priming valve closes 180 s after RUNNING ......... StartSequenceTests.defaultCycle, .configuredTimings
// T4  line pressure (changed, H9: continuous, latched)  HazardTests.pressure*, .lowPressureTrips, .watchedContinuously
// T5  max-runtime RPM reduction ........................ StartSequenceTests.defaultCycle, RunAndStopTests.configuredMaxRuntime
// T6  fire-off ......................................... RunAndStopTests.fireOffStop, .triggerRearmsFireOff
// T7/T8 stop sequence (changed, C1/H1/M3: one sequence, no flag can skip it)
//                                                       RunAndStopTests.*, CommandTests.stopWhileRunning
// T9  refill timer → COOLDOWN .......................... StartSequenceTests.defaultCycle, RunAndStopTests.refillMultiplier
// T10 float ends refill (changed, M4: COOLDOWN, main valve keeps its delay)  RefillTests.floatEndsRefill
// T11 COOLDOWN → IDLE .................................. StartSequenceTests.defaultCycle
// T12 trigger in COOLDOWN (changed: only with the float full; C3) RefillTests.restartFromCooldown, .triggerInCooldown
// T13 trigger while running re-arms fire-off ........... RunAndStopTests.triggerRearmsFireOff
// T14 trigger cancels a stop (changed, H4: only a fire-off reduction, never once STOPPING)
//                                                       RunAndStopTests.triggerCancelsFireOffStop, .triggerDoesNotCancelMaxRuntime, .stoppingIsCommitted
// T15 trigger in REFILLING ............................. RefillTests.triggerRefusedWhileRefilling
// T16 trigger in ERROR (changed, M2: nothing opens) .... CommandTests.errorIsLatched
// T17 ERROR entry (changed, H1: through the stop sequence, latched across restarts)
//                                                       StartSequenceTests.failToStart, HazardTests.dryRunNoFlow, LifecycleTests.latchedAcrossRestart
// T18 start/bypass_start (changed, H14: no re-crank; refused when latched)  CommandTests.start
// T19 stop/emergency_stop (changed, H1/H2: ignition-off pulse, LOCKOUT)     CommandTests.stop, .stopWhileRunning
// T20 reset (changed: refused mid-run) ................. CommandTests.reset
// T21 valve_open/valve_close (changed, M1: interlocked)  CommandTests.valveOpen, .valveClose
//
// Safety rules checked on random scenarios after every step: Properties/InvariantTests.swift.
