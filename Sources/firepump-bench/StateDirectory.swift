import Foundation

/// A fresh directory for the daemon's state file, removed on deinit.
///
/// It is made in memory (`/dev/shm`) where there is one. Every transition saves the state with
/// two `fsync`s on the controller loop, after the outputs are driven; a trigger that arrived
/// while the previous cycle's save was still syncing would wait for the disk. A pump at rest in
/// IDLE is not saving anything, so the benchmark keeps the disk out of its figures.
final class StateDirectory {
    /// Its absolute path.
    let path: String

    /// Creates `/dev/shm/firepump-bench-XXXXXX`, or the same under the temporary directory.
    init() throws {
        var isDirectory: ObjCBool = false
        let memory = FileManager.default.fileExists(atPath: "/dev/shm", isDirectory: &isDirectory) && isDirectory.boolValue
        let parent = memory ? "/dev/shm" : FileManager.default.temporaryDirectory.path
        var template = Array("\(parent)/firepump-bench-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw BenchFailure("cannot create a directory in \(parent): \(String(cString: strerror(errno)))")
        }
        path = String(cString: made)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}
