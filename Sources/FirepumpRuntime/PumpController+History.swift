import FirepumpCore
import Logging

/// The run history (issue 10 item 4): the ``RunRecorder`` fed with every step, its ledger saved
/// after the state, each finished run appended and published on `last_run`. A write that fails
/// is logged, raises the `history_not_saved` trouble and is tried again on a later turn (at
/// least every ``historyRetryInterval``, health reports guarantee turns): it never stops a run.
extension PumpController {
    /// How long after a failed history write it is tried again, at the earliest.
    public static let historyRetryInterval = 5.0

    /// What is still to be written, and whether writes fail.
    struct HistoryWrites {
        var recorder: RunRecorder
        var ledgerUnsaved = false
        var unwritten: [RunRecord] = []
        var failing = false
        var retryAt: Instant?
    }

    /// The counters and last run, when a history is kept.
    public var ledger: RunLedger? { historyWrites?.recorder.ledger }

    /// Loads the ledger, appends its last run if a crash kept it out of the file, and reconciles
    /// it with the restored `state` (before the boot step).
    /// - Returns: the event telling the machine that writing failed, if it did.
    func startHistory(restored state: PumpState, rebooted: Bool, at instant: Instant) -> PumpEvent? {
        guard let history else { return nil }
        var ledger = RunLedger()
        do {
            ledger = try history.loadLedger() ?? RunLedger()
        } catch {
            logger.error("history ledger unreadable (kept aside): the counters start again from zero", metadata: ["error": "\(error)"])
        }
        var writes = HistoryWrites(recorder: RunRecorder(ledger: ledger))
        if let last = ledger.lastRun {
            do {
                let reading = try history.read()
                for problem in reading.skipped { logger.error("history record skipped", metadata: ["error": "\(problem)"]) }
                if reading.tornBytes > 0 { logger.warning("history: torn last record dropped", metadata: ["bytes": "\(reading.tornBytes)"]) }
                if (reading.records.last?.id ?? 0) < last.id { writes.unwritten.append(last) }
            } catch {
                logger.error("history unreadable", metadata: ["error": "\(error)"])
            }
        }
        let clock = ClockReading(monotonic: instant, wall: WallInstant(secondsSinceEpoch: environment.wallClock()))
        apply(writes.recorder.resume(state, rebooted: rebooted, at: clock), to: &writes)
        historyWrites = writes
        return writeHistory()
    }

    /// Records one step of the machine; writes what it changed.
    func recordHistory(_ event: PumpEvent, _ actions: [PumpAction]) -> PumpEvent? {
        guard var writes = historyWrites else { return nil }
        let clock = ClockReading(monotonic: now, wall: WallInstant(secondsSinceEpoch: environment.wallClock()))
        let outcome = writes.recorder.record(event, actions, state: machine.state, troubles: machine.troubles.keys, at: clock)
        guard outcome.ledgerChanged || !outcome.closed.isEmpty else { return nil }
        apply(outcome, to: &writes)
        historyWrites = writes
        let failure = writeHistory()
        if !outcome.closed.isEmpty { publishLastRun() }
        return failure
    }

    /// Tries failed writes again once ``historyRetryInterval`` has passed.
    func retryHistoryIfDue() -> PumpEvent? {
        guard let retryAt = historyWrites?.retryAt, now >= retryAt else { return nil }
        return writeHistory()
    }

    private func apply(_ outcome: RunRecorder.Outcome, to writes: inout HistoryWrites) {
        if outcome.ledgerChanged { writes.ledgerUnsaved = true }
        writes.unwritten += outcome.closed
        for record in outcome.closed {
            logger.info("run recorded", metadata: [
                "run.id": "\(record.id)", "run.kind": "\(record.kind.rawValue)", "run.runtime": "\(rounded(record.runtime))",
                "run.stop_reason": "\(record.stopReason?.rawValue ?? "unknown")",
            ])
        }
    }

    /// Saves the ledger, then appends the finished runs, in that order (a crash between the two
    /// leaves the last run in the ledger, from which the next start appends it).
    /// - Returns: `historySaveFailed` when writes begin to fail, `historySaveRecovered` when they work again.
    private func writeHistory() -> PumpEvent? {
        guard let history, var writes = historyWrites, writes.ledgerUnsaved || !writes.unwritten.isEmpty else { return nil }
        var failure: HistoryStoreError?
        do {
            if writes.ledgerUnsaved {
                try history.saveLedger(writes.recorder.ledger)
                writes.ledgerUnsaved = false
            }
            while let record = writes.unwritten.first {
                try history.append(record)
                writes.unwritten.removeFirst()
            }
        } catch {
            failure = error
        }
        let wasFailing = writes.failing
        writes.failing = failure != nil
        writes.retryAt = failure.map { _ in now + Self.historyRetryInterval }
        historyWrites = writes
        if let failure {
            logger.error("cannot write the run history; retrying", metadata: ["error": "\(failure)"])
            return wasFailing ? nil : .historySaveFailed(error: failure.description)
        }
        return wasFailing ? .historySaveRecovered : nil
    }

    /// The retained `last_run` topic: the last finished run and the counters.
    func publishLastRun() {
        guard let ledger, let last = ledger.lastRun else { return }
        publish(topics.lastRun, .object([
            .init("host", .string(environment.host)),
            .init("timestamp", .string(iso8601(epochSeconds: environment.wallClock()))),
        ] + HistoryPresentation.fields(last) + [.init("counters", HistoryPresentation.counters(ledger.counters))]), retain: true)
    }

    /// The retained `trouble` topic: the active troubles, oldest first (empty when all is well).
    func publishTroubles() {
        publish(topics.trouble, .object([
            .init("host", .string(environment.host)),
            .init("timestamp", .string(iso8601(epochSeconds: environment.wallClock()))),
            .init("troubles", .array(troubleList())),
        ]), retain: true)
    }
}
