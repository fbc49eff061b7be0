/// What systemd is doing to the service while it runs `ExecStop=` (`firepump stop-request`):
/// restarting it, so the run is handed over to the next process, or stopping it, so the run is
/// stopped safely. systemd sends the same SIGTERM for both; only its job for the unit tells
/// them apart: `systemctl restart` and a package upgrade (`deb-systemd-invoke restart`; a
/// `try-restart` of a running unit becomes a restart job too) queue a *restart* job, which keeps
/// that type while the unit stops and becomes a start job only afterwards; `systemctl stop`, a
/// shutdown, a reboot or an `isolate` queue a *stop* job. When the main process ended by itself
/// systemd runs `ExecStop=` with no job at all.
public enum StopIntent: Equatable, Sendable {
    /// A restart job: hand the run over (outputs kept, the next process resumes).
    case handOver
    /// Anything else: the stop as on SIGTERM. `why` says what was seen, for the log.
    case stop(why: String)

    /// The intent read from `systemctl list-jobs --no-legend --full --no-pager <unit>`: one job
    /// per line, `<id> <unit> <type> <state>` separated by spaces. Only a `restart` job of `unit`
    /// hands over; no job, another type, or output that does not read as a job list is a stop,
    /// the safe side when in doubt.
    public static func fromJobListing(_ listing: String, unit: String) -> StopIntent {
        let rows = listing.split(whereSeparator: \.isNewline).map { $0.split(whereSeparator: \.isWhitespace) }.filter { !$0.isEmpty }
        let jobs = rows.filter { $0.count >= 4 && $0[1] == unit[...] }
        guard let job = jobs.first else { return .stop(why: "no job for \(unit)") }
        guard jobs.count == 1, UInt32(job[0]) != nil else {
            return .stop(why: "job list not understood: \(jobs.map { $0.joined(separator: " ") }.joined(separator: "; "))")
        }
        return job[2] == "restart" ? .handOver : .stop(why: "\(job[2]) job for \(unit)")
    }

    /// Whether a process's `/proc/<pid>/stat` says it has ended and only waits to be reaped:
    /// a zombie (`Z`) or dead (`X`).
    public static func processEnded(stat: String) -> Bool {
        // `<pid> (<comm>) <state> …`: comm may hold spaces and parentheses, the last ')' ends it.
        guard let close = stat.lastIndex(of: ")") else { return false }
        let state = stat[stat.index(after: close)...].drop { $0 == " " }.first
        return state == "Z" || state == "X"
    }
}
