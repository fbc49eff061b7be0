import FirepumpCore
import PropertyBased
import Testing

/// Model-based property tests: 1,000 random scenarios per invariant (random configuration and
/// fitted inputs, then triggers, every command, input changes, short and long waits, stalled
/// owners, crashes and SIGTERMs with restarts, failed and recovered output writes and saves, lost inputs, reboots), each invariant checked after every `handle`.
///
/// Reproducing a failure: the failure message prints the scenario and
/// "Add `.fixedSeed("…")` to the Test to reproduce this issue." Put that trait on the failing
/// @Test (e.g. `@Test("…", .fixedSeed("…"))`) and it replays exactly that scenario.
@Suite("Safety invariants (property-based)")
struct InvariantTests {
    static let cases = 1000

    private func check(_ invariant: Invariant) async {
        await propertyCheck(count: Self.cases, input: ScenarioGen.scenario) { scenario in
            let simulation = Simulation.run(scenario, checkingSaves: invariant == .savedStateValid)
            let found = simulation.violations[invariant] ?? []
            #expect(found.isEmpty, "\(invariant.rawValue): \(found.prefix(3).joined(separator: " | "))")
        }
    }

    @Test("(a) ignition start and ignition on are never on while the main valve is off")
    func ignitionNeedsMainValve() async { await check(.ignitionNeedsMainValve) }

    @Test("(b) ignition on never lasts longer than MAX_ENGINE_RUNTIME after RUNNING, and only while cranking or running")
    func maxRuntime() async { await check(.maxRuntime) }

    @Test("(c) every step that releases ignition on starts the ignition-off pulse")
    func ignitionOffPulse() async { await check(.ignitionOffPulse) }

    @Test("(d) the priming valve is off at most PRIMING_DURATION after RUNNING")
    func primingValveCloses() async { await check(.primingValveCloses) }

    @Test("(e) RPM reduce is on no later than ignition on goes off")
    func rpmBeforeIgnitionOff() async { await check(.rpmBeforeIgnitionOff) }

    @Test("every state the machine persists is valid under its settings and survives the state file's encoding")
    func savedStateValid() async { await check(.savedStateValid) }

    @Test("(f) in ERROR or LOCKOUT no output turns on")
    func latchedOutputsStayOff() async { await check(.latchedOutputsStayOff) }

    @Test("(g) after ERROR or LOCKOUT nothing starts until reset")
    func noStartAfterLatch() async { await check(.noStartAfterLatch) }

    @Test("(h) a restart from any reachable state reaches a state target §9 allows")
    func restartReconciles() async { await check(.restartReconciles) }

    @Test("(i) nextDeadline is never in the past after handle returns")
    func deadlineNotInPast() async { await check(.deadlineNotInPast) }

    @Test("start reliably: a trigger or start command starts the pump whenever the rules allow")
    func startsWhenAsked() async { await check(.startsWhenAsked) }

    @Test("a failed or recovered output write or save never changes the run; retries re-drive only the commanded level")
    func faultsKeepTheRun() async { await check(.faultsKeepTheRun) }

    @Test("after a reboot ignition and starter are off unless a new crank began; a run's engine time across reboots stays within MAX_ENGINE_RUNTIME")
    func rebootIsSafe() async { await check(.rebootIsSafe) }

    @Test("the actions tell the owner everything: outputs and phase rebuilt from them match the state; every change is persisted")
    func actionsMatchState() async { await check(.actionsMatchState) }

    @Test("the scenarios reach every phase, latch, restart and stop reason (so the invariants are not checked vacuously)")
    func coverage() async {
        var phases = Set<Phase>()
        var reasons = Set<String>()
        var restarts = 0
        var handled = 0
        await propertyCheck(count: 300, input: ScenarioGen.scenario) { scenario in
            let simulation = Simulation.run(scenario)
            handled += simulation.handled
            phases.formUnion(simulation.visited)
            reasons.formUnion(simulation.stopReasons)
            restarts += simulation.restarts
        }
        #expect(phases == Set(Phase.allCases))
        let fireReasons: Set<String> = ["fire_off", "max_runtime", "low_pressure", "dry_run", "low_reservoir", "fail_to_start", "emergency_stop", "shutdown"]
        #expect(reasons.isSuperset(of: fireReasons))
        // The `exercise` command may end a run by its duration (exercise runs have their own property tests).
        #expect(reasons.subtracting(fireReasons).isSubset(of: ["exercise_end"]))
        #expect(restarts > 300)
        #expect(handled > 30_000)
    }
}
