import ArgumentParser
import FirepumpDaemon
import Glibc

/// `firepump stop-request`: the `ExecStop=` of the systemd unit. systemd runs it before it sends
/// SIGTERM, for `systemctl stop` and `systemctl restart` alike. It asks systemd which job the
/// unit has (``StopIntent``): on a restart job it sends the daemon SIGUSR2 (hand the run over:
/// outputs kept, state saved, the next process resumes) and waits until the daemon has exited;
/// on anything else it does nothing, and systemd's SIGTERM then stops the pump safely.
struct StopRequest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop-request",
        abstract: "ExecStop= of the systemd unit: a restart hands the run over, a stop stays a stop.",
        discussion: """
            Asks systemd for the unit's job (systemctl list-jobs). A restart job (systemctl restart, \
            a package upgrade) sends the daemon SIGUSR2 and waits until it has exited: it saves the \
            state and leaves every output as it is, and the next process resumes the run. Any other \
            job, no job, or an answer that cannot be read does nothing: systemd's SIGTERM that \
            follows stops the pump safely. Exit status 0 in every case, so the stop or restart \
            goes on.
            """
    )

    @Option(help: "The daemon's process id (default: $MAINPID, which systemd sets for ExecStop=).")
    var pid: Int32?

    @Option(help: "The systemd unit whose job decides (the unit file passes %n).")
    var unit = "firepump.service"

    @Option(help: "The systemctl program to ask.")
    var systemctl = "systemctl"

    @Option(help: "Seconds to wait for the daemon to exit after a handover request (a handover that falls back to a safe stop needs up to IGNITION_OFF_DURATION).")
    var wait = 75.0

    func run() throws {
        guard let pid = pid ?? processEnvironment()["MAINPID"].flatMap({ Int32($0) }), pid > 0 else {
            say("no main process (it ended by itself): nothing to hand over")
            return
        }
        switch intent() {
        case .stop(let why):
            say("a stop, not a restart (\(why)): the SIGTERM that follows stops the pump safely")
        case .handOver:
            guard kill(pid, SIGUSR2) == 0 else {
                say("restart job, but SIGUSR2 to process \(pid) failed: \(String(cString: strerror(errno))); the SIGTERM that follows stops the pump safely")
                return
            }
            say("restart job: process \(pid) asked to hand the run over (SIGUSR2)")
            if waitForEnd(of: pid) {
                say("process \(pid) has exited; the next process resumes the run")
            } else {
                say("process \(pid) still runs after \(wait) s; the SIGTERM that follows stops the pump safely")
            }
        }
    }

    /// What systemd is doing to the unit; a stop whenever it cannot be told.
    private func intent() -> StopIntent {
        do {
            let (status, output) = try ProgramOutput.run(systemctl, ["list-jobs", "--no-legend", "--full", "--no-pager", unit])
            guard status == 0 else { return .stop(why: "\(systemctl) list-jobs exited with status \(status)") }
            return StopIntent.fromJobListing(output, unit: unit)
        } catch {
            return .stop(why: error.description)
        }
    }

    /// Polls every 10 ms until `pid` has ended (gone, or a zombie its parent has not reaped yet).
    private func waitForEnd(of pid: Int32) -> Bool {
        var left = Int((wait * 100).rounded(.up))
        while true {
            if kill(pid, 0) != 0, errno == ESRCH { return true }
            // A zombie answers kill(pid, 0) until its parent reaps it (systemd does so at once).
            // Its main thread is a zombie as soon as it returns, while the other threads may still
            // be ending: only a zombie with no thread left has ended.
            if let stat = try? readFile("/proc/\(pid)/stat"), StopIntent.processEnded(stat: String(decoding: stat, as: UTF8.self)),
                threadCount(of: pid) <= 1 {
                return true
            }
            guard left > 0 else { return false }
            left -= 1
            usleep(10_000)
        }
    }

    /// The entries of `/proc/<pid>/task`, one per thread not yet gone (0 when it cannot be read).
    private func threadCount(of pid: Int32) -> Int {
        guard let directory = opendir("/proc/\(pid)/task") else { return 0 }
        defer { closedir(directory) }
        var count = 0
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { $0.first }
            if name != UInt8(ascii: ".") { count += 1 }
        }
        return count
    }

    private func say(_ line: String) {
        printError("firepump stop-request: \(line)")
    }
}
