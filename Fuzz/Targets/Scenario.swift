import FirepumpSimulator

// Fuzz target "scenario": a scenario file for `firepump simulate`: `Scenario.decode`, then the
// settings it carries resolved into a configuration.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScenario(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let scenario = try? Scenario.decode(bytes) else { return 0 }
    _ = try? scenario.resolveConfig(fileSettings: [:])
    return 0
}
