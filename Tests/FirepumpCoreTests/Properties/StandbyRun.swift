import FirepumpCore

/// Plays a ``StandbyScenario`` against the machine as the daemon would: ticks at every deadline,
/// hands over the exercise schedule after every step (local time at a fixed offset, the wall
/// clock `wallAtZero` + monotonic seconds), and restarts through the state file's encoding.
/// Records what the exercise properties need.
struct StandbyRun {
    /// One run's engine time and what it was.
    struct RunRecord {
        var exercise = false
        var takenOver = false
        /// Down with the relays held (a crash with downtime): nothing could enforce time meanwhile.
        var stalled = false
        var rebooted = false
        var firstRunning: Instant?
        var ignitionOnSince: Instant?
        var ignitionTime = 0.0
        var lastIgnitionOff: Instant?
    }

    /// 2026-11-29T00:00:00Z.
    static let wallAtZero = 1_795_910_400.0

    let config: PumpConfig
    let utcOffset: Int
    private(set) var machine: PumpStateMachine
    private(set) var now = Instant.zero
    private(set) var runs: [Int: RunRecord] = [:]
    /// Every output change, with its instant.
    private(set) var drives: [(at: Instant, output: Output, on: Bool)] = []
    /// The slots handled, in order (wall-clock seconds).
    private(set) var handledSlots: [Double] = []
    /// When the controller was up: monotonic start and end of each stretch.
    private(set) var upIntervals: [(from: Instant, to: Instant)] = []
    private(set) var violations: [String] = []
    private var upSince = Instant.zero
    private var inputs: [InputRole: Bool]

    init(_ scenario: StandbyScenario, withoutAlarms: Bool = false) {
        config = scenario.config
        utcOffset = scenario.utcOffset
        inputs = scenario.boot
        machine = PumpStateMachine(config: config)
        handle(.booted(inputs: inputs))
        schedule(checkingSaved: true)
        for step in scenario.steps where !(withoutAlarms && step.isAlarm) { perform(step) }
        upIntervals.append((upSince, now))
        if let since = runs[machine.state.run]?.ignitionOnSince { runs[machine.state.run]?.ignitionTime += now - since }
    }

    private func wall(_ instant: Instant) -> WallInstant { WallInstant(secondsSinceEpoch: Self.wallAtZero + instant.seconds) }

    private var clock: ClockReading { ClockReading(monotonic: now, wall: wall(now)) }

    private mutating func perform(_ step: StandbyStep) {
        switch step {
        case .trigger: handle(.trigger)
        case .command(let command): handle(.command(command))
        case .input(let role, let active):
            inputs[role] = active
            handle(.inputChanged(role, active: active))
        case .wait(let seconds): advance(to: now + seconds)
        case .crash(let downtime):
            if downtime > 0 { runs[machine.state.run, default: RunRecord()].stalled = true }
            restart(after: downtime, rebooted: false)
        case .reboot(let downtime):
            let run = machine.state.run
            if let since = runs[run]?.ignitionOnSince {
                runs[run]?.ignitionTime += now - since
                runs[run]?.ignitionOnSince = nil
                runs[run]?.lastIgnitionOff = now
            }
            runs[run, default: RunRecord()].rebooted = true
            restart(after: downtime, rebooted: true)
        }
    }

    private mutating func advance(to target: Instant) {
        var ticks = 0
        while let next = machine.nextDeadline, next <= target {
            ticks += 1
            precondition(ticks < 1_000_000, "deadlines keep coming")
            now = max(now, next)
            handle(.tick)
        }
        now = target
    }

    /// Saved through the state file's encoding at the crash, restored at the start.
    private mutating func restart(after downtime: Double, rebooted: Bool) {
        upIntervals.append((upSince, now))
        let record = StateRecord(sequence: 1, bootID: nil, state: SavedState(machine.state, clock: clock))
        now = now + downtime
        upSince = now
        do {
            let decoded = try SavedStateCodec.decode(SavedStateCodec.encode(record))
            let saved = try decoded.state.validated(config: config)
            machine = PumpStateMachine(config: config, restoring: saved.restored(clock: clock))
        } catch {
            violations.append("saved state refused at \(now): \(error)")
            machine = PumpStateMachine(config: config)
        }
        handle(.booted(inputs: inputs, rebooted: rebooted))
        schedule(checkingSaved: true)
    }

    private mutating func handle(_ event: PumpEvent) {
        let slotBefore = machine.state.lastExerciseSlot
        let actions = machine.handle(event, at: now)
        let run = machine.state.run
        var verdicts = 0
        for action in actions {
            switch action {
            case .report(.exerciseStarted):
                runs[run, default: RunRecord()].exercise = true
                verdicts += 1
            case .report(.exerciseSkipped): verdicts += 1
            case .report(.exerciseTakenOver): runs[run, default: RunRecord()].takenOver = true
            case .phaseChanged(_, .running):
                if runs[run]?.firstRunning == nil { runs[run, default: RunRecord()].firstRunning = now }
            case .drive(let output, let on):
                drives.append((now, output, on))
                guard output == .ignitionOn else { continue }
                if on {
                    runs[run, default: RunRecord()].ignitionOnSince = now
                } else if let since = runs[run]?.ignitionOnSince {
                    runs[run]?.ignitionTime += now - since
                    runs[run]?.ignitionOnSince = nil
                    runs[run]?.lastIgnitionOff = now
                }
            default: continue
            }
        }
        if let slot = machine.state.lastExerciseSlot, slot != slotBefore {
            let slotWall = wall(slot).secondsSinceEpoch
            if let last = handledSlots.last, slotWall <= last + 1 { violations.append("slot \(slotWall) handled again (last \(last)) at \(now)") }
            if verdicts != 1 { violations.append("slot \(slotWall) handled at \(now) with \(verdicts) exercise_started/skipped") }
            handledSlots.append(slotWall)
        }
        if case .exerciseScheduled = event { return }
        schedule(checkingSaved: false)
    }

    private mutating func schedule(checkingSaved: Bool) {
        let offset = utcOffset
        if let due = machine.exerciseToSchedule(clock: clock, checkingSaved: checkingSaved, utcOffset: { _ in offset }) {
            handle(.exerciseScheduled(due))
        }
    }

    /// Slots that must have been handled: every slot while the controller was up, and every
    /// slot that was at most the grace old when the controller came back.
    var slotsOwed: [Double] {
        guard let schedule = config.exerciseSchedule, let first = upIntervals.first else { return [] }
        let offset = utcOffset
        var owed: [Double] = []
        var slot = schedule.next(after: wall(first.from)) { _ in offset }
        let end = wall(upIntervals.last!.to).secondsSinceEpoch - 1
        while slot.secondsSinceEpoch < end {
            let s = slot.secondsSinceEpoch
            let covered = upIntervals.contains { interval in
                let from = wall(interval.from).secondsSinceEpoch, to = wall(interval.to).secondsSinceEpoch
                return (s > from + 1 && s < to - 1) || (s <= from && from - s <= PumpStateMachine.exerciseGrace - 1 && from < end)
            }
            if covered { owed.append(s) }
            slot = schedule.next(after: slot) { _ in offset }
        }
        return owed
    }
}
