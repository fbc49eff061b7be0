import FirepumpCore
import FirepumpSettings

// Fuzz target "settings": a settings file as `firepump run`, `check-config` and `simulate --config`
// read it: UTF-8 text, `EnvFile.parse` (compose/python-dotenv rules), then `DaemonSettings.parse`
// and the timing advice.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSettings(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeBufferPointer(start: data, count: size)
    guard let text = String(validating: input, as: UTF8.self), let values = try? EnvFile.parse(text) else { return 0 }
    // Every value read, written back double-quoted with its escapes, reads back the same.
    let rewritten = values.map { key, value in "export \(key)=\"\(escaped(value))\" # rewritten" }.joined(separator: "\r\n")
    guard let reread = try? EnvFile.parse(rewritten), reread == values else {
        fatalError("a file written back from its own values reads differently: \(values)")
    }
    guard let outcome = try? DaemonSettings.parse(values) else { return 0 }
    _ = TimingAdvice.notes(for: outcome.config.pump.timing)
    // Reading the same file again over its own result changes nothing.
    guard let again = try? DaemonSettings.parse(values, over: outcome.config), again.config == outcome.config else {
        fatalError("settings read twice differ from settings read once")
    }
    return 0
}

/// `value` for a double-quoted `.env` value: backslash, quote and line breaks escaped.
private func escaped(_ value: String) -> String {
    var out = ""
    for scalar in value.unicodeScalars {
        switch scalar {
        case "\\": out += "\\\\"
        case "\"": out += "\\\""
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out
}
