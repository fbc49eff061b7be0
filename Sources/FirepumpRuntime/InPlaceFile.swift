import Glibc

/// A file rewritten in place, again and again (a state slot, the runtime copy), kept
/// open between rewrites: a rewrite is one `fstat`, one `pwrite` and, if `durable`, one
/// `fdatasync`; an `ftruncate` only when the new content is shorter than the file.
///
/// The `fstat` keeps the guarantees of opening the file anew each time: a file someone deleted
/// is created again (not written into the deleted inode), and one whose mode was changed is set
/// back to 0600. A failed call closes the file, so the next rewrite opens it again.
final class InPlaceFile {
    /// The file's path.
    let path: String
    private var fd: Int32 = -1

    init(path: String) {
        self.path = path
    }

    deinit {
        close()
    }

    /// Replaces the whole content with `bytes`, then one `fdatasync` if `durable` (the data and
    /// the size, not the timestamps). A file that had to be created also gets its directory
    /// synced, when `durable`.
    func rewrite(_ bytes: [UInt8], durable: Bool) throws(StateFileIO.Failure) {
        do throws(StateFileIO.Failure) {
            let (created, size) = try openIfNeeded()
            var written = 0
            while written < bytes.count {
                let count = bytes[written...].withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, off_t(written)) }
                if count < 0 {
                    if errno == EINTR { continue }
                    throw StateFileIO.Failure("write", path)
                }
                written += count
            }
            if bytes.count < size {
                guard ftruncate(fd, off_t(bytes.count)) == 0 else { throw StateFileIO.Failure("ftruncate", path) }
            }
            if durable {
                guard fdatasync(fd) == 0 else { throw StateFileIO.Failure("fdatasync", path) }
                if created { StateFileIO.syncDirectory(of: path) }
            }
        } catch {
            close()
            throw error
        }
    }

    /// Opens the file now, creating it (mode 0600) if missing, without writing; returns whether
    /// it was created. The caller then syncs its directory: a later ``rewrite(_:durable:)`` will
    /// not know the file was new.
    func openForWriting() throws(StateFileIO.Failure) -> Bool {
        do throws(StateFileIO.Failure) {
            return try openIfNeeded().created
        } catch {
            close()
            throw error
        }
    }

    /// Closes the file (before it is renamed aside, or for good).
    func close() {
        if fd >= 0 { _ = Glibc.close(fd) }
        fd = -1
    }

    /// Makes `fd` an open descriptor of the file at `path`, mode 0600; returns whether the file
    /// had to be created, and its size.
    private func openIfNeeded() throws(StateFileIO.Failure) -> (created: Bool, size: Int) {
        var status = stat()
        if fd >= 0 {
            guard fstat(fd, &status) == 0 else { throw StateFileIO.Failure("fstat", path) }
            if status.st_nlink > 0 {
                try ensurePrivate(status)
                return (false, Int(status.st_size))
            }
            close()  // deleted behind our back: make it again
        }
        var created = false
        fd = open(path, O_WRONLY | O_CLOEXEC)
        if fd < 0, errno == ENOENT {
            fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            created = true
        }
        guard fd >= 0 else { throw StateFileIO.Failure("open", path) }
        guard fstat(fd, &status) == 0 else { throw StateFileIO.Failure("fstat", path) }
        try ensurePrivate(status)
        return (created, Int(status.st_size))
    }

    private func ensurePrivate(_ status: stat) throws(StateFileIO.Failure) {
        guard status.st_mode & 0o7777 != 0o600 else { return }
        guard fchmod(fd, 0o600) == 0 else { throw StateFileIO.Failure("fchmod", path) }
    }
}
