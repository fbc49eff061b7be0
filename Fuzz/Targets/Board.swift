import FirepumpCore
import FirepumpSettings

// Fuzz target "board": a board file (`boards/*.env`, `--board FILE`): `EnvFile.parse`,
// `Board.parse`, then the check of the default pins against that board.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBoard(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeBufferPointer(start: data, count: size)
    guard let text = String(validating: input, as: UTF8.self), let values = try? EnvFile.parse(text) else { return 0 }
    guard let board = try? Board.parse(values) else { return 0 }
    _ = BoardCheck.check(PumpConfig(), on: board)
    return 0
}
