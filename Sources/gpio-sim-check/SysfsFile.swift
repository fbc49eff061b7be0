import Glibc

/// Reads and writes the small text attributes gpio-sim exposes in sysfs.
enum SysfsFile {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The attribute's text without the trailing newline.
    static func read(_ path: String) throws(Failure) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure(description: "open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        guard count >= 0 else { throw Failure(description: "read \(path): \(String(cString: strerror(errno)))") }
        let text = String(decoding: buffer.prefix(count), as: UTF8.self)
        return text.hasSuffix("\n") ? String(text.dropLast()) : text
    }

    /// Writes the text in one `write()`, as sysfs wants.
    static func write(_ path: String, _ text: String) throws(Failure) {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure(description: "open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        let count = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        guard count == bytes.count else {
            throw Failure(description: "write '\(text)' to \(path): \(String(cString: strerror(errno)))")
        }
    }
}
