import ArgumentParser
import FirepumpCore
import FirepumpRuntime
import FirepumpSettings

/// `firepump history`: the counters and the recorded runs.
struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the pump's counters and recorded runs (from HISTORY_FILE).",
        discussion: """
            Reads HISTORY_FILE (default: history.jsonl beside STATE_FILE), its rotated older file \
            <file>.1 and the counters in the newest state record (in <file>.ledger.0/.1 when the \
            state was saved by an older firepump, or not yet saved); changes nothing. Records \
            that fail their checksum are skipped with a warning on stderr. Exit status: 0, 2 for bad \
            configuration, 1 when a file cannot be read.
            """
    )

    @OptionGroup var settings: SettingsOptions

    @Flag(help: "Print one JSON document instead of tables.")
    var json = false

    func run() throws {
        let loaded = try settings.loadPrintingNotes()
        let store = FileHistoryStore(path: loaded.config.historyPath)
        let state = FileStateStore(path: loaded.config.stateFile, runtimeDirectory: FileStateStore.defaultRuntimeDirectory(), bootID: nil)
        let ledger: RunLedger
        let reading: HistoryCodec.Reading
        do {
            ledger = try state.read()?.ledger ?? store.legacyLedger() ?? RunLedger()
            reading = try store.read()
        } catch {
            printError("firepump: cannot read the history: \(error)")
            throw ExitCode(1)
        }
        for problem in reading.skipped { printError("firepump: warning: record skipped: \(problem)") }
        if reading.tornBytes > 0 { printError("firepump: warning: torn last record (\(reading.tornBytes) bytes) ignored") }
        if json {
            print(HistoryReport.json(path: store.path, ledger: ledger, records: reading.records).serialized)
        } else {
            print(HistoryReport.text(ledger: ledger, records: reading.records), terminator: "")
        }
    }
}
