import FirepumpGPIOD
import FirepumpTestSupport

/// Which libgpiod the driver runs on: the one the host built this check against, and the API it
/// was compiled for matches the library loaded (so a run meant for 2.x cannot pass on 1.6).
enum LibgpiodChecks {
    static func cases(_ options: CheckOptions) -> [CheckCase] {
        [
            CheckCase("libgpiod: the driver runs on libgpiod \(options.libgpiodVersion), built for its API") {
                let loaded = GPIODPinDriver.libgpiodVersion
                let api = GPIODPinDriver.libgpiodAPI
                Console.line("INFO libgpiod \(loaded), driver built for the libgpiod \(api).x API")
                try require(loaded == options.libgpiodVersion,
                            "libgpiod \(loaded) is loaded, the check was built against \(options.libgpiodVersion)")
                try require(loaded.hasPrefix("\(api)."), "libgpiod \(loaded) is loaded, the driver was built for the \(api).x API")
            },
        ]
    }
}

/// The libgpiod calls that the driver's error messages name, per libgpiod version (the message
/// around them is the same on both).
struct LibgpiodCalls {
    let openChip: String
    let setValue: String
    let requestOutput: String
    let requestBothEdges: String

    /// The calls of libgpiod `version` (e.g. `1.6.3` or `2.3`).
    init(version: String) {
        if version.hasPrefix("1.") {
            openChip = "gpiod_chip_open_lookup"
            setValue = "gpiod_line_set_value"
            requestOutput = "gpiod_line_request_output_flags"
            requestBothEdges = "gpiod_line_request_both_edges_events_flags"
        } else {
            openChip = "gpiod_chip_open"
            setValue = "gpiod_line_request_set_value"
            requestOutput = "gpiod_chip_request_lines"
            requestBothEdges = "gpiod_chip_request_lines"
        }
    }
}
