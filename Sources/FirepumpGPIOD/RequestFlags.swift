internal import CGPIOD
import FirepumpHAL

/// libgpiod 1.6 request flags (`GPIOD_LINE_REQUEST_FLAG_*`) for a line's polarity and bias.
enum RequestFlags {
    /// `GPIOD_LINE_REQUEST_FLAG_ACTIVE_LOW` when the line is active-low: the kernel then
    /// inverts values both ways, including the initial value of an output request.
    static func polarity(activeLow: Bool) -> Int32 {
        activeLow ? Int32(GPIOD_LINE_REQUEST_FLAG_ACTIVE_LOW) : 0
    }

    /// The bias flag for a pull. `.none` asks for `BIAS_DISABLE`, so a line left pulled by an
    /// earlier user (or the firmware) really floats.
    static func bias(_ pull: Pull) -> Int32 {
        switch pull {
        case .up: Int32(GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_UP)
        case .down: Int32(GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_DOWN)
        case .none: Int32(GPIOD_LINE_REQUEST_FLAG_BIAS_DISABLE)
        }
    }
}
