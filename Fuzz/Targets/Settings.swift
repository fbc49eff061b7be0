import FirepumpCore

// Fuzz target "settings": a settings file as `firepump run`, `check-config` and `simulate --config`
// read it: UTF-8 text, `EnvFile.parse`, then `ConfigParser.parse` and the timing advice.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSettings(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeBufferPointer(start: data, count: size)
    guard let text = String(validating: input, as: UTF8.self), let values = try? EnvFile.parse(text) else { return 0 }
    guard let outcome = try? ConfigParser.parse(values) else { return 0 }
    _ = TimingAdvice.notes(for: outcome.config.timing)
    // Reading the same file again over its own result changes nothing.
    guard let again = try? ConfigParser.parse(values, over: outcome.config), again.config == outcome.config else {
        fatalError("settings read twice differ from settings read once")
    }
    return 0
}
