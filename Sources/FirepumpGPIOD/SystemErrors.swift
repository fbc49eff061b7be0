internal import CGPIODShim
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

/// The failure report a shim call fills: which libgpiod (or libc) function failed, with its `errno`.
/// Its name pointer is a static string of the shim, or `nil` until a call failed.
@safe struct ShimFailure {
    var raw = unsafe fpgpiod_failure()

    /// The function that failed, e.g. `gpiod_chip_request_lines`.
    var call: String {
        guard let name = unsafe raw.call else { return "libgpiod" }
        return unsafe String(cString: name)
    }

    var errno: Int32 { unsafe raw.number }
}

extension PinDriverError {
    /// A C call that failed with `errno`: the error carries the code and its `strerror` text.
    static func failedCall(
        _ kind: Kind, _ operation: String, chip: String, line: Int?, errno code: Int32
    ) -> PinDriverError {
        PinDriverError(kind: kind, operation: operation, chip: chip, line: line, errno: code, detail: errnoText(code))
    }

    /// A shim call that failed: the error names the libgpiod function and carries its `errno`.
    static func failedCall(_ kind: Kind, _ failure: ShimFailure, chip: String, line: Int?) -> PinDriverError {
        .failedCall(kind, failure.call, chip: chip, line: line, errno: failure.errno)
    }
}
