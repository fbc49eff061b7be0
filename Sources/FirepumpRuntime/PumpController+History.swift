import FirepumpCore
import Logging

/// The run history (issue 10 item 4): the ``RunRecorder`` fed with every step before the step's
/// actions are performed, so the state record the step saves carries the ledger as it stands
/// after it; each finished run is appended after that save and published on `last_run`. An
/// append that fails is logged, raises the `history_not_saved` trouble and is tried again on a
/// later turn (at least every ``historyRetryInterval``, health reports guarantee turns): it
/// never stops a run.
extension PumpController {
    /// How long after a failed history write it is tried again, at the earliest.
    public static let historyRetryInterval = 5.0

    /// What is still to be written, and whether writes fail.
    struct HistoryWrites {
        var recorder: RunRecorder
        /// The ledger changed since the last state record was staged: the next step saves one.
        var ledgerUnsaved = false
        var unwritten: [RunRecord] = []
        var failing = false
        var retryAt: Instant?
    }

    /// The counters and last run, when a history is kept.
    public var ledger: RunLedger? { historyWrites?.recorder.ledger }

    /// Takes the ledger from the saved state record (from the ledger files of an older firepump
    /// when the record has none), moves its next run id past the history file's last (a ledger
    /// lost with the state starts again from zero, its ids must not), queues its last run if a
    /// crash kept it out of the file, and
    /// reconciles it with the restored `state` (before the boot step, which saves the ledger if
    /// this changed it, or it came from the old files or a record `setAside`; ``writeHistory()``
    /// appends after that).
    func startHistory(restored state: PumpState, savedLedger: RunLedger?, setAside: Bool, rebooted: Bool, at instant: Instant) {
        guard let history else { return }
        var ledger = RunLedger()
        var fromLegacyFiles = false
        if let savedLedger {
            ledger = savedLedger
        } else {
            do {
                if let legacy = try history.legacyLedger() {
                    ledger = legacy
                    fromLegacyFiles = true
                    logger.info("history ledger read from the files of an older firepump: the state file carries it from now on")
                }
            } catch {
                logger.error("history ledger unreadable: the counters start again from zero", metadata: ["error": "\(error)"])
            }
        }
        var unwritten: [RunRecord] = []
        var idsMoved = false
        do {
            let reading = try history.read()
            for problem in reading.skipped { logger.error("history record skipped", metadata: ["error": "\(problem)"]) }
            if reading.tornBytes > 0 { logger.warning("history: torn last record dropped", metadata: ["bytes": "\(reading.tornBytes)"]) }
            let lastID = reading.records.map(\.id).max() ?? 0
            if let last = ledger.lastRun, lastID < last.id { unwritten.append(last) }
            // A ledger lost with every copy of the state (or older than the file) must not hand
            // out ids the file already holds.
            if lastID >= ledger.nextID {
                logger.warning("the history file holds runs the ledger does not know: run ids continue after its last", metadata: [
                    "history.last_id": "\(lastID)", "history.next_id": "\(ledger.nextID)",
                ])
                ledger.nextID = lastID + 1
                idsMoved = true
            }
        } catch {
            logger.error("history unreadable", metadata: ["error": "\(error)"])
        }
        var writes = HistoryWrites(recorder: RunRecorder(ledger: ledger), ledgerUnsaved: fromLegacyFiles || setAside || idsMoved)
        writes.unwritten = unwritten
        let clock = ClockReading(monotonic: instant, wall: WallInstant(secondsSinceEpoch: environment.wallClock()))
        let outcome = writes.recorder.resume(state, rebooted: rebooted, at: clock)
        if outcome.ledgerChanged { writes.ledgerUnsaved = true }
        queue(outcome.closed, in: &writes)
        historyWrites = writes
    }

    /// Records one step of the machine, before its actions are performed: a ledger it changed
    /// makes the step save the state (``HistoryWrites/ledgerUnsaved``).
    /// - Returns: the runs the step finished, for ``finishRecording(_:)`` after the save.
    func recordHistory(_ event: PumpEvent, _ actions: [PumpAction]) -> [RunRecord] {
        guard var writes = historyWrites else { return [] }
        let clock = ClockReading(monotonic: now, wall: WallInstant(secondsSinceEpoch: environment.wallClock()))
        let outcome = writes.recorder.record(event, actions, state: machine.state, troubles: machine.troubles.keys, at: clock)
        guard outcome.ledgerChanged || !outcome.closed.isEmpty else { return [] }
        if outcome.ledgerChanged { writes.ledgerUnsaved = true }
        historyWrites = writes
        return outcome.closed
    }

    /// After the step's save: logs and appends the runs it finished, and publishes the last one.
    /// - Returns: the event telling the machine that writing failed or works again, if so.
    func finishRecording(_ closed: [RunRecord]) -> PumpEvent? {
        guard !closed.isEmpty, var writes = historyWrites else { return nil }
        queue(closed, in: &writes)
        historyWrites = writes
        let failure = writeHistory()
        publishLastRun()
        return failure
    }

    /// The ledger to save with the state; marks it saved.
    func ledgerToSave() -> RunLedger? {
        historyWrites?.ledgerUnsaved = false
        return historyWrites?.recorder.ledger
    }

    /// Tries failed writes again once ``historyRetryInterval`` has passed.
    func retryHistoryIfDue() -> PumpEvent? {
        guard let retryAt = historyWrites?.retryAt, now >= retryAt else { return nil }
        return writeHistory()
    }

    private func queue(_ closed: [RunRecord], in writes: inout HistoryWrites) {
        writes.unwritten += closed
        for record in closed {
            logger.info("run recorded", metadata: [
                "run.id": "\(record.id)", "run.kind": "\(record.kind.rawValue)", "run.runtime": "\(rounded(record.runtime))",
                "run.stop_reason": "\(record.stopReason?.rawValue ?? "unknown")",
            ])
        }
    }

    /// Appends the finished runs, oldest first. Called after the save of the ledger that holds
    /// them (a crash between the two leaves the last run in the saved ledger, from which the
    /// next start appends it).
    /// - Returns: `historySaveFailed` when writes begin to fail, `historySaveRecovered` when they work again.
    func writeHistory() -> PumpEvent? {
        guard let history, var writes = historyWrites, !writes.unwritten.isEmpty else { return nil }
        var failure: HistoryStoreError?
        do {
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
