import FirepumpCore
import Glibc

/// The state file: written atomically (temporary file, `fsync`, `rename`, `fsync` of the
/// directory) so a crash or power cut leaves either the old state or the new one.
/// An unreadable file is renamed aside (`<path>.corrupt-<epoch>`), never silently deleted.
public final class FileStateStore: StateStore {
    public let path: String

    public init(path: String) { self.path = path }

    public func load() throws(StateStoreError) -> PumpState? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw StateStoreError("open \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = read(fd, &buffer, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw StateStoreError("read \(path): \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            bytes += buffer[0..<count]
            if bytes.count > 1_048_576 { break }
        }
        do {
            return try StateSnapshot.decode(bytes)
        } catch {
            let aside = "\(path).corrupt-\(time(nil))"
            let moved = rename(path, aside) == 0
            throw StateStoreError("\(path) is unreadable (\(error)); " + (moved ? "kept aside as \(aside)" : "could not move it aside: \(String(cString: strerror(errno)))"))
        }
    }

    public func save(_ state: PumpState) throws(StateStoreError) {
        let bytes = try StateSnapshot.encode(state)
        let temporary = "\(path).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure("open", temporary) }
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                let error = failure("write", temporary)
                close(fd)
                throw error
            }
            written += count
        }
        guard fsync(fd) == 0 else {
            let error = failure("fsync", temporary)
            close(fd)
            throw error
        }
        close(fd)
        guard rename(temporary, path) == 0 else { throw failure("rename", path) }
        let directory = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        let dirFD = open(directory.isEmpty ? "/" : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirFD >= 0 {
            _ = fsync(dirFD)
            close(dirFD)
        }
    }

    private func failure(_ call: String, _ file: String) -> StateStoreError {
        StateStoreError("\(call) \(file): \(String(cString: strerror(errno)))")
    }
}
