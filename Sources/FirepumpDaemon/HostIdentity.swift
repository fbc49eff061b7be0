import Glibc

/// This machine's host name, as the reference reports it (`firepump` when it cannot be read).
public func hostName() -> String {
    var buffer = [CChar](repeating: 0, count: 256)
    guard gethostname(&buffer, buffer.count) == 0 else { return "firepump" }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// Unix epoch seconds, the wall clock of telemetry timestamps.
@Sendable public func wallClock() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_REALTIME, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

/// This machine's systemd machine id (`/etc/machine-id`: 32 lower-case hex digits, unique per
/// installation), or nil when the file is missing or holds anything else.
public func readMachineID(path: String = "/etc/machine-id") -> String? {
    guard let file = fopen(path, "r") else { return nil }
    defer { fclose(file) }
    var buffer = [UInt8](repeating: 0, count: 64)
    let count = fread(&buffer, 1, buffer.count, file)
    var text = String(decoding: buffer.prefix(count), as: UTF8.self)
    while text.last?.isWhitespace == true { text.removeLast() }
    let id = text.lowercased()
    guard id.utf8.count == 32, id.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else { return nil }
    return id
}
