import Glibc

/// What `/proc` tells about the daemon's process: CPU time, context switches, resident memory.
struct ProcessCounters {
    /// CPU time in user and kernel mode since the process started (`utime` + `stime`).
    var cpu: Duration
    /// Voluntary plus involuntary context switches, summed over the threads alive now.
    var contextSwitches: Int

    /// Reads `/proc/<pid>/stat` and `/proc/<pid>/task/*/status`.
    init(pid: Int32) throws(BenchFailure) {
        guard let stat = readProcFile("/proc/\(pid)/stat"), let fields = Self.fieldsAfterCommand(stat), fields.count > 12,
              let user = Int(fields[11]), let system = Int(fields[12]) else {
            throw BenchFailure("cannot read /proc/\(pid)/stat: is the daemon running?")
        }
        let ticksPerSecond = sysconf(Int32(_SC_CLK_TCK))
        cpu = .seconds(user + system) / ticksPerSecond
        contextSwitches = 0
        for task in try Self.tasks(of: pid) {
            guard let status = readProcFile("/proc/\(pid)/task/\(task)/status") else { continue }
            contextSwitches += Self.kilobytesOrCount(in: status, "voluntary_ctxt_switches") ?? 0
            contextSwitches += Self.kilobytesOrCount(in: status, "nonvoluntary_ctxt_switches") ?? 0
        }
    }

    /// `VmRSS` and `RssAnon` of `/proc/<pid>/status`, in kB.
    static func residentMemory(pid: Int32) throws(BenchFailure) -> (rss: Int, anonymous: Int) {
        guard let status = readProcFile("/proc/\(pid)/status"), let rss = kilobytesOrCount(in: status, "VmRSS"),
              let anonymous = kilobytesOrCount(in: status, "RssAnon") else {
            throw BenchFailure("cannot read VmRSS and RssAnon in /proc/\(pid)/status")
        }
        return (rss, anonymous)
    }

    /// The fields of a `stat` line after `pid (comm)`: `state` is the first (field 3 of proc(5)),
    /// so `utime` (14) and `stime` (15) are at indices 11 and 12. The command name may hold spaces
    /// and parentheses, hence the search for the last `)`.
    private static func fieldsAfterCommand(_ stat: String) -> [Substring]? {
        guard let close = stat.lastIndex(of: ")") else { return nil }
        return stat[stat.index(after: close)...].split(separator: " ")
    }

    /// The number after `name:` on its line of a `status` file (`VmRSS:\t  1234 kB` gives 1234).
    private static func kilobytesOrCount(in status: String, _ name: String) -> Int? {
        for line in status.split(separator: "\n") where line.hasPrefix(name + ":") {
            return line.dropFirst(name.count + 1).split(whereSeparator: { $0 == " " || $0 == "\t" }).first.flatMap { Int($0) }
        }
        return nil
    }

    private static func tasks(of pid: Int32) throws(BenchFailure) -> [String] {
        guard let directory = opendir("/proc/\(pid)/task") else { throw BenchFailure.system("/proc/\(pid)/task") }
        defer { closedir(directory) }
        var tasks: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name.first?.isNumber == true { tasks.append(name) }
        }
        return tasks
    }
}

/// The whole of a small file under `/proc`, or nil when it cannot be read.
func readProcFile(_ path: String) -> String? {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var contents: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count > 0 else { return count == 0 ? String(decoding: contents, as: UTF8.self) : nil }
        contents += chunk[..<count]
    }
}
