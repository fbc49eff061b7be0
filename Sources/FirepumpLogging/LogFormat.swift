import Glibc

/// How a log line starts: with a UTC timestamp of its own, or with a journald priority prefix.
public enum LogFormat: Sendable, Hashable {
    /// `2026-07-01T14:03:07.218Z info firepump: key=value message`, for a terminal or a file.
    case timestamped
    /// `<6>firepump: key=value message`, for journald, which stamps each line itself and reads
    /// the priority from the prefix (sd-daemon(3)).
    case journal

    /// `.journal` when standard error is the journal stream systemd handed this process, else
    /// `.timestamped`.
    ///
    /// systemd sets `JOURNAL_STREAM` to the `device:inode` of the stream it connected; a child
    /// that inherited the variable but writes elsewhere (a shell redirect) does not match, as
    /// systemd.exec(5) prescribes.
    public static func forStandardError(environment: [String: String]) -> LogFormat {
        guard let stream = environment["JOURNAL_STREAM"], let identity = JournalStream(stream) else { return .timestamped }
        var status = stat()
        guard fstat(STDERR_FILENO, &status) == 0 else { return .timestamped }
        return identity.matches(device: UInt64(status.st_dev), inode: UInt64(status.st_ino)) ? .journal : .timestamped
    }
}

/// The `device:inode` pair of `JOURNAL_STREAM`, both decimal.
struct JournalStream: Equatable {
    let device: UInt64
    let inode: UInt64

    /// Parses `"8:12345"`; nil for anything else.
    init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else { return nil }
        self.device = device
        self.inode = inode
    }

    func matches(device: UInt64, inode: UInt64) -> Bool {
        self.device == device && self.inode == inode
    }
}
