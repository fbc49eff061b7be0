import FirepumpCore
import FirepumpRuntime

/// What `firepump history` prints: tables for people, or one JSON document.
enum HistoryReport {
    /// `{"history_file", "counters", "in_progress", "runs"}`, times as ISO-8601 UTC.
    static func json(path: String, ledger: RunLedger, records: [RunRecord]) -> JSONValue {
        .object([
            .init("history_file", .string(path)),
            .init("counters", HistoryPresentation.counters(ledger.counters)),
            .init("in_progress", ledger.openRun.map { .object(HistoryPresentation.fields($0.record)) } ?? .null),
            .init("runs", .array(records.map { .object(HistoryPresentation.fields($0)) })),
        ])
    }

    /// The counters, then one line per run, oldest first.
    static func text(ledger: RunLedger, records: [RunRecord]) -> String {
        let counters = ledger.counters
        var out = """
            engine hours      \(hours(counters.engineSeconds)) (\(seconds(counters.engineSeconds)) s)
            runs              \(counters.runs)
            starts            \(counters.starts)
            failed starts     \(counters.failedStarts)
            exercises passed  \(counters.exercisesPassed)
            exercises failed  \(counters.exercisesFailed)

            """
        if let open = ledger.openRun {
            out += "in progress       run \(open.record.id) (\(open.record.kind.rawValue), \(open.record.source.name)) since \(iso8601(epochSeconds: open.record.start.secondsSinceEpoch))\n"
        }
        guard !records.isEmpty else { return out + "\nno runs recorded\n" }
        let header = ["ID", "KIND", "SOURCE", "START (UTC)", "END (UTC)", "RUNTIME", "CRANKS", "STOP REASON", "ALARMS"]
        let rows = records.map { record in
            [
                String(record.id), record.kind.rawValue + (record.exercisePassed.map { $0 ? " passed" : " failed" } ?? ""),
                record.source.name, iso8601(epochSeconds: record.start.secondsSinceEpoch),
                record.end.map { iso8601(epochSeconds: $0.secondsSinceEpoch) } ?? "-",
                seconds(record.runtime) + " s", String(record.crankAttempts),
                record.interrupted ? "interrupted" : record.stopReason?.rawValue ?? "-",
                notes(record),
            ]
        }
        return out + "\n" + table([header] + rows)
    }

    /// Alarms, then restarts and reboots during the run.
    private static func notes(_ record: RunRecord) -> String {
        var notes = record.alarms
        if record.restarts > 0 { notes.append("restarts \(record.restarts)") }
        if record.reboots > 0 { notes.append("reboots \(record.reboots)") }
        return notes.isEmpty ? "-" : notes.joined(separator: ", ")
    }

    /// Left-aligned columns two spaces apart; the last column is not padded.
    private static func table(_ rows: [[String]]) -> String {
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count)
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    private static func hours(_ seconds: Double) -> String {
        let hundredths = Int((seconds / 36).rounded())
        let fraction = String(hundredths % 100)
        return "\(hundredths / 100).\(fraction.count < 2 ? "0" + fraction : fraction)"
    }

    private static func seconds(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
