internal import Glibc
import FirepumpHAL

/// The text `strerror` gives for an `errno` value, e.g. `Device or resource busy`.
func errnoText(_ code: Int32) -> String {
    unsafe String(cString: strerror(code))
}

/// The calling thread's `errno`, read right after a failed C call.
func lastErrno() -> Int32 {
    Glibc.errno
}

extension PinDriverError {
    /// A C call that failed with `errno`: the error carries the code and its `strerror` text.
    static func failedCall(
        _ kind: Kind, _ operation: String, chip: String, line: Int?, errno code: Int32
    ) -> PinDriverError {
        PinDriverError(kind: kind, operation: operation, chip: chip, line: line, errno: code, detail: errnoText(code))
    }
}
