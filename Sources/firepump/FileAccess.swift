import FirepumpCore
import FirepumpSettings
import Glibc

/// A command-line failure with a message for stderr.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    /// 2 for bad configuration or input, 1 for a runtime failure.
    var exitCode: Int32
    init(_ description: String, exitCode: Int32 = 2) {
        self.description = description
        self.exitCode = exitCode
    }
}

/// The bytes of a file (at most 16 MiB).
func readFile(_ path: String) throws(CommandFailure) -> [UInt8] {
    guard let file = fopen(path, "rb") else { throw CommandFailure("cannot read \(path): \(String(cString: strerror(errno)))") }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
        let count = fread(&buffer, 1, buffer.count, file)
        bytes += buffer[0..<count]
        if count < buffer.count { break }
        if bytes.count > 16 << 20 { throw CommandFailure("\(path) is larger than 16 MiB") }
    }
    if ferror(file) != 0 { throw CommandFailure("cannot read \(path): \(String(cString: strerror(errno)))") }
    return bytes
}

/// The settings of a `KEY=value` file.
func readSettings(_ path: String) throws(CommandFailure) -> [String: String] {
    let bytes = try readFile(path)
    guard let text = String(validating: bytes, as: UTF8.self) else { throw CommandFailure("\(path) is not UTF-8 text") }
    do {
        return try EnvFile.parse(text)
    } catch {
        throw CommandFailure("\(path): \(error)")
    }
}

/// Writes text to a file, replacing it.
func writeFile(_ path: String, _ text: String) throws(CommandFailure) {
    guard let file = fopen(path, "wb") else { throw CommandFailure("cannot write \(path): \(String(cString: strerror(errno)))") }
    defer { fclose(file) }
    let bytes = Array(text.utf8)
    guard fwrite(bytes, 1, bytes.count, file) == bytes.count else {
        throw CommandFailure("cannot write \(path): \(String(cString: strerror(errno)))")
    }
}

/// One line on standard error.
func printError(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
}
