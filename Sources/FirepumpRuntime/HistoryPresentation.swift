import FirepumpCore

/// Run records and counters as people and dashboards read them (the `last_run` topic and
/// `firepump history --json`): times as ISO-8601 UTC text, engine time also in hours.
public enum HistoryPresentation {
    /// A record's fields, `start` and `end` as ISO-8601 UTC (`end` null when unknown).
    public static func fields(_ record: RunRecord) -> [JSONValue.Member] {
        HistoryCodec.fields(record).map { member in
            switch (member.key, member.value) {
            case ("start", .number(let seconds)), ("end", .number(let seconds)):
                .init(member.key, .string(iso8601(epochSeconds: seconds)))
            default:
                member
            }
        }
    }

    /// The counters, engine time in seconds and in hours.
    public static func counters(_ counters: RunCounters) -> JSONValue {
        .object([
            .init("engine_seconds", .number(rounded(counters.engineSeconds))),
            .init("engine_hours", .number((counters.engineSeconds / 36).rounded() / 100)),
            .init("runs", .number(Double(counters.runs))),
            .init("starts", .number(Double(counters.starts))),
            .init("failed_starts", .number(Double(counters.failedStarts))),
            .init("exercises_passed", .number(Double(counters.exercisesPassed))),
            .init("exercises_failed", .number(Double(counters.exercisesFailed))),
        ])
    }

    private static func rounded(_ seconds: Double) -> Double { (seconds * 1000).rounded() / 1000 }
}
