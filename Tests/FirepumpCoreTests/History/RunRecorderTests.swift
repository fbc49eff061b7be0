import FirepumpCore
import Testing

/// The run recorder over scripted sequences on virtual time (issue 10 item 4).
@Suite("Run history recorder")
struct RunRecorderTests {
    /// Fire-off after 600 s without a trigger: RUNNING at T+7, RPM reduced at T+600, stop at T+605.
    static let shortFire = PumpConfig.with(["FIRE_OFF_DELAY": "600"])

    @Test("a fire run gives one record: trigger source, wall-clock start and end, runtime, one crank; the counters count it")
    func fireRun() throws {
        var rig = HistoryRig(Self.shortFire)
        rig.send(.trigger, at: 100)
        #expect(rig.recorder.ledger.openRun?.record.source == .trigger)
        rig.advance(to: 5000)
        #expect(rig.phase == .refilling || rig.phase == .cooldown || rig.phase == .idle)
        let record = try #require(rig.history.only)
        let stopped = try #require(rig.machine.state.engineStoppedAt)
        #expect(record.id == 1)
        #expect(record.kind == .fire)
        #expect(record.source == .trigger)
        #expect(record.start == WallInstant(secondsSinceEpoch: HistoryRig.epoch + 100))
        #expect(record.end == WallInstant(secondsSinceEpoch: HistoryRig.epoch + stopped.seconds))
        #expect(record.stopReason == .fireOff)
        #expect(record.runtime == rig.machine.state.lastRunDuration)
        #expect(abs(record.runtime - (stopped - Instant(seconds: 107))) < 1e-9, "from RUNNING at T+107 to the stop")
        #expect(record.crankAttempts == 1)
        #expect(record.restarts == 0 && record.reboots == 0 && !record.interrupted)
        #expect(rig.counters.runs == 1 && rig.counters.starts == 1 && rig.counters.failedStarts == 0)
        #expect(rig.counters.engineSeconds == record.runtime)
        #expect(rig.savedLedger.lastRun == record && rig.savedLedger.openRun == nil)
    }

    @Test("a failed start: one failed start, no engine start, stop reason fail_to_start, every crank attempt recorded")
    func failedStart() throws {
        var rig = HistoryRig(.with(["ENGINE_RUNNING_PIN": "12", "MAX_CRANK_ATTEMPTS": "3", "CRANK_REST": "5"]), inputs: [.engineRunning: false])
        rig.send(.trigger, at: 0)
        rig.advance(to: 200)
        #expect(rig.phase == .error)
        let record = try #require(rig.history.only)
        #expect(record.stopReason == .failToStart)
        #expect(record.crankAttempts == 3)
        #expect(record.runtime == 0)
        #expect(rig.counters.failedStarts == 1 && rig.counters.starts == 0 && rig.counters.runs == 1)
    }

    @Test("the source: an emergency-topic command by its word, the local button as button")
    func sources() throws {
        var command = HistoryRig(Self.shortFire)
        command.send(.command(.bypassStart), at: 0)
        #expect(command.recorder.ledger.openRun?.record.source == .command(.bypassStart))
        #expect(command.recorder.ledger.openRun?.record.source.name == "bypass_start")
        var button = HistoryRig(.with(["EMERGENCY_BUTTON_PIN": "13", "INPUT_DEBOUNCE": "0.1"]), inputs: [.emergencyButton: false])
        button.send(.inputChanged(.emergencyButton, active: true), at: 10)
        button.advance(to: 11)
        #expect(button.phase == .priming)
        #expect(button.recorder.ledger.openRun?.record.source == .button)
    }

    @Test("a crash mid-run resumes the same record: one record, the restart noted, nothing counted twice", arguments: [1.0, 4, 50, 601, 605])
    func crashMidRun(at crashAt: Double) throws {
        for losing in [false, true] {
            var rig = HistoryRig(Self.shortFire)
            rig.send(.trigger, at: 0)
            rig.advance(to: crashAt)
            rig.crash(after: 0.5, losingLedgerWrite: losing)
            rig.advance(to: 5000)
            let record = try #require(rig.history.only, "losing the ledger write: \(losing)")
            #expect(record.id == 1)
            #expect(record.stopReason == .fireOff)
            #expect(record.runtime == rig.machine.state.lastRunDuration)
            #expect(rig.counters.runs == 1, "losing \(losing)")
            #expect(rig.counters.starts == 1, "losing \(losing)")
            #expect(rig.counters.engineSeconds == record.runtime)
            if crashAt < 605 {
                #expect(record.restarts == 1, "losing \(losing)")
                // Before RUNNING (T+7) the last ledger write is the start's: lost, the run is opened from the state.
                #expect(record.source == (losing && crashAt < 7 ? .unknown : .trigger), "losing \(losing)")
            }
        }
    }

    @Test("a crash between the state save and the ledger write of the run's start opens the run from the state")
    func crashLosingTheStart() throws {
        var rig = HistoryRig(Self.shortFire)
        rig.send(.trigger, at: 0)
        rig.crash(after: 1, losingLedgerWrite: true)
        let open = try #require(rig.recorder.ledger.openRun)
        #expect(open.record.source == .unknown)
        #expect(open.record.restarts == 1)
        rig.advance(to: 5000)
        #expect(rig.history.count == 1)
        #expect(rig.counters.runs == 1 && rig.counters.starts == 1)
    }

    @Test("a crash that loses the ledger write and the append of the stop closes the run once, from the state")
    func crashLosingTheStop() throws {
        var rig = HistoryRig(Self.shortFire)
        rig.send(.trigger, at: 0)
        rig.advance(to: 605)
        #expect(rig.phase == .stopping)
        rig.crash(after: 2, losingLedgerWrite: true)
        #expect(rig.history.count == 1)
        #expect(rig.history.first?.stopReason == .fireOff)
        #expect(rig.history.first?.end == WallInstant(secondsSinceEpoch: HistoryRig.epoch + 605))
        rig.crash(after: 2)
        rig.advance(to: 5000)
        #expect(rig.history.count == 1, "the restart appends the ledger's last run once")
        #expect(rig.counters.runs == 1 && rig.counters.starts == 1)
    }

    @Test("a run that starts and stops in one step, its ledger write lost to a crash, is recorded from the state (found by the property test)")
    func runWithinOneLostStep() throws {
        var rig = HistoryRig(.with(["EMERGENCY_BUTTON_PIN": "21", "RESERVOIR_LOW_PIN": "13", "INPUT_DEBOUNCE": "0.5"]),
                             inputs: [.emergencyButton: false, .reservoirLow: false])
        // Both settle at T+10.5 in one tick: the button starts a run, the empty tank stops it.
        rig.send(.inputChanged(.emergencyButton, active: true), at: 10)
        rig.send(.inputChanged(.reservoirLow, active: true))
        rig.advance(to: 11)
        #expect(rig.machine.state.run == 1 && rig.history.count == 1)
        rig.reboot(after: 60, losingLedgerWrite: true)
        let record = try #require(rig.history.only)
        #expect(record.source == .unknown && record.stopReason == .lowReservoir && record.reboots == 0)
        #expect(record.start == WallInstant(secondsSinceEpoch: HistoryRig.epoch + 10.5))
        #expect(rig.counters.runs == 1 && rig.savedLedger.lastMachineRun == 1)
        rig.reboot(after: 60)
        #expect(rig.history.count == 1, "recorded once")
    }

    @Test("an engine start and a stop in one step count the start, also when a crash loses that step's ledger write (found by the property test)", arguments: [false, true])
    func startAndStopInOneStep(losingTheStep: Bool) throws {
        var rig = HistoryRig(.with(["ENGINE_RUNNING_PIN": "12", "EMERGENCY_BUTTON_PIN": "21", "INPUT_DEBOUNCE": "0.5", "EMERGENCY_LONG_PRESS": "0.5", "PRE_OPEN_DELAY": "1"]),
                             inputs: [.engineRunning: false, .emergencyButton: false])
        rig.send(.trigger, at: 0)
        rig.advance(to: 1.2)
        #expect(rig.phase == .starting)
        // Both settle at T+1.7 in one tick: the engine is confirmed running, the long press stops it.
        rig.send(.inputChanged(.engineRunning, active: true))
        rig.send(.inputChanged(.emergencyButton, active: true))
        rig.advance(to: 1.7)
        #expect(rig.reports.contains(.engineRunning))
        #expect([.stopping, .lockout].contains(rig.phase), "stopped in the same step, \(rig.phase)")
        #expect(rig.machine.state.lastRunDuration == 0)
        #expect(rig.counters.starts == 1)
        rig.crash(after: 5, losingLedgerWrite: losingTheStep)
        #expect(rig.counters.starts == 1 && rig.counters.runs == 1)
        #expect(rig.history.count == 1)
    }

    @Test("a reboot mid-run: the same record goes on, the engine's second start counts, the runtime spans the reboot")
    func rebootMidRun() throws {
        var rig = HistoryRig(Self.shortFire)
        rig.send(.trigger, at: 0)
        rig.advance(to: 100)
        rig.reboot(after: 20)
        #expect(rig.phase == .priming)
        rig.advance(to: 5000)
        let record = try #require(rig.history.only)
        #expect(record.reboots == 1 && record.restarts == 0)
        #expect(record.crankAttempts == 2)
        #expect(rig.counters.starts == 2)
        #expect(record.runtime == rig.machine.state.lastRunDuration)
        #expect(record.runtime > 600 - 7, "the time before the reboot still counts")
        #expect(rig.counters.engineSeconds == record.runtime)
    }

    @Test("a stop during the crank after a reboot, its ledger write lost to a crash: the engine's one start before the reboot is counted once (found by the property test)")
    func stopDuringRecrankLosingTheStop() throws {
        var rig = HistoryRig(Self.shortFire)
        rig.send(.trigger, at: 0)
        rig.advance(to: 100)
        #expect(rig.counters.starts == 1)
        rig.reboot(after: 20)
        rig.advance(to: 120 + Self.shortFire.timing.preOpenDelay + 0.1)
        #expect(rig.phase == .starting && rig.machine.state.crankAttempts == 2)
        rig.send(.command(.stop))
        #expect(!RunRecorderTests.runsEngine(rig.phase))
        rig.crash(after: 5, losingLedgerWrite: true)
        #expect(rig.counters.starts == 1, "the start at attempt 1 was counted before the reboot; attempt 2 never started")
        #expect(rig.reports.filter { $0 == .engineRunning }.count == 1)
        #expect(rig.history.count == 1)
    }

    static func runsEngine(_ phase: Phase) -> Bool { [.priming, .starting, .running, .reducingRPM].contains(phase) }

    @Test("a run whose saved state was lost is closed as interrupted: runtime unknown, counted as 0")
    func stateLost() throws {
        var rig = HistoryRig(Self.shortFire)
        rig.send(.trigger, at: 0)
        rig.advance(to: 100)
        rig.restartLosingState(after: 5)
        let record = try #require(rig.history.only)
        #expect(record.interrupted)
        #expect(record.end == nil && record.stopReason == nil && record.runtime == 0)
        #expect(rig.recorder.ledger.openRun == nil)
        #expect(rig.counters.runs == 1 && rig.counters.starts == 1 && rig.counters.engineSeconds == 0)
        rig.send(.trigger, at: 200)
        #expect(rig.recorder.ledger.openRun?.record.id == 2, "the history's numbers go on although the machine's start again")
        #expect(rig.recorder.ledger.openRun?.machineRun == 1)
    }

    @Test("troubles active at the start and raised during the run are the run's alarms")
    func alarms() throws {
        var rig = HistoryRig(Self.shortFire)
        rig.send(.stateSaveFailed(error: "ENOSPC", savedIn: []), at: 0)
        rig.send(.trigger, at: 1)
        rig.send(.outputWriteFailed(.refillValve, error: "EIO"), at: 50)
        rig.send(.historySaveFailed(error: "EROFS"), at: 60)
        rig.advance(to: 5000)
        let record = try #require(rig.history.only)
        #expect(record.alarms == ["state_not_saved", "output_write_failing:refill_valve", "history_not_saved"])
    }

    @Test("SIGTERM ends the run (stop reason shutdown); with keep-running the run stays open across the restart")
    func shutdown() throws {
        var stopped = HistoryRig(Self.shortFire)
        stopped.send(.trigger, at: 0)
        stopped.send(.shutdown(keepRunning: false), at: 100)
        #expect(stopped.history.only?.stopReason == .shutdown)
        var kept = HistoryRig(Self.shortFire)
        kept.send(.trigger, at: 0)
        kept.send(.shutdown(keepRunning: true), at: 100)
        kept.crash(after: 3)
        kept.advance(to: 5000)
        #expect(kept.history.only?.restarts == 1)
        #expect(kept.history.only?.stopReason == .fireOff)
        #expect(kept.counters.starts == 1)
    }
}

extension Array {
    /// The only element, if there is exactly one.
    var only: Element? { count == 1 ? first : nil }
}
