internal import CGPIODShim
import FirepumpHAL

/// The HAL's request settings in the shim's terms, and the libgpiod call of the installed version
/// that performs each operation (for errors raised before or instead of a call).
enum LineSettings {
    /// The bias for a pull. `.none` asks for the bias to be disabled, so a line left pulled by an
    /// earlier user (or the firmware) really floats.
    static func bias(_ pull: Pull) -> fpgpiod_bias {
        switch pull {
        case .up: FPGPIOD_BIAS_PULL_UP
        case .down: FPGPIOD_BIAS_PULL_DOWN
        case .none: FPGPIOD_BIAS_DISABLED
        }
    }

    static func edges(_ edges: EdgeDetection) -> fpgpiod_edges {
        switch edges {
        case .none: FPGPIOD_EDGES_NONE
        case .rising: FPGPIOD_EDGES_RISING
        case .falling: FPGPIOD_EDGES_FALLING
        case .both: FPGPIOD_EDGES_BOTH
        }
    }

    /// The operation that requests an input with the given edge detection.
    static func inputOperation(_ edges: EdgeDetection) -> fpgpiod_operation {
        switch edges {
        case .none: FPGPIOD_OP_REQUEST_INPUT
        case .rising: FPGPIOD_OP_REQUEST_RISING
        case .falling: FPGPIOD_OP_REQUEST_FALLING
        case .both: FPGPIOD_OP_REQUEST_BOTH
        }
    }

    /// The name of the libgpiod function that performs `operation` in the installed version,
    /// e.g. `gpiod_line_set_value` (1.6) or `gpiod_line_request_set_value` (2.x).
    static func callName(_ operation: fpgpiod_operation) -> String {
        unsafe String(cString: fpgpiod_call_name(operation))
    }
}
