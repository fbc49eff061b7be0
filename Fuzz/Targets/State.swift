import FirepumpRuntime

// Fuzz target "state": the state file's bytes, loaded as the daemon loads them at start.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzState(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? MemoryStateStore(bytes: bytes).load()
    return 0
}
