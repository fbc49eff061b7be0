import FirepumpCore
import Glibc

/// The few file calls the state and history stores make, each failure worded as `<call> <path>: <errno text>`.
enum StateFileIO {
    /// A failed call, ready to be reported.
    struct Failure: Error, CustomStringConvertible {
        var description: String

        init(_ call: String, _ path: String, _ code: Int32 = errno) {
            description = "\(call) \(path): \(String(cString: strerror(code)))"
        }
    }

    /// The whole file, `nil` if it does not exist. Reads at most `limit` + 1 bytes.
    static func read(_ path: String, limit: Int = SavedStateCodec.maxBytes) throws(Failure) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw Failure("open", path)
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while bytes.count <= limit {
            let count = Glibc.read(fd, &buffer, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure("read", path)
            }
            if count == 0 { break }
            bytes += buffer[0..<count]
        }
        return bytes
    }

    /// Appends `bytes` to `path` (created with mode 0600 if missing, its directory synced then),
    /// then one `fdatasync`.
    static func append(_ path: String, _ bytes: [UInt8]) throws(Failure) {
        let created = access(path, F_OK) != 0
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw Failure("open", path) }
        defer { close(fd) }
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure("write", path)
            }
            written += count
        }
        guard fdatasync(fd) == 0 else { throw Failure("fdatasync", path) }
        if created { syncDirectory(of: path) }
    }

    /// Creates `directory` (mode 0700) unless it exists.
    static func makeDirectory(_ directory: String) throws(Failure) {
        guard mkdir(directory, 0o700) == 0 || errno == EEXIST else { throw Failure("mkdir", directory) }
    }

    /// Renames an existing `path` to `<path>.<label>-<epoch>`; returns the new name, `nil` if
    /// there was nothing to move.
    static func moveAside(_ path: String, label: String) throws(Failure) -> String? {
        let aside = "\(path).\(label)-\(time(nil))"
        guard rename(path, aside) == 0 else {
            if errno == ENOENT { return nil }
            throw Failure("rename", path)
        }
        return aside
    }

    /// The directory part of `path` (`.` for a bare name).
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let directory = String(path[..<slash])
        return directory.isEmpty ? "/" : directory
    }

    /// `fsync` of the directory holding `path`, so a file just created there survives a power cut.
    static func syncDirectory(of path: String) {
        let fd = open(directory(of: path), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }
}
