import FirepumpCore

/// The validated configuration of the daemon: the pump's own (``PumpConfig``) and where it is
/// deployed: the broker and its topics, the board and GPIO chip, the state and history files,
/// the pin driver and the log level. Defaults are the reference's (`gpio_trigger`).
///
/// Build one with ``DaemonSettings`` from environment-style settings; it is never invalid.
public struct DaemonConfig: Configurable, Hashable {
    /// What the state machine and the controller's pin work need.
    public var pump = PumpConfig()
    /// MQTT connection and topics.
    public var mqtt = MQTTConfig()
    /// The board pin map (`BOARD`): a name in `boards/` or a path; empty for none.
    public var board = ""
    /// The GPIO chip to open: name, label or path.
    public var gpioChip = "gpiochip0"
    /// Where the state is persisted.
    public var stateFile = "/var/lib/firepump/state.json"
    /// Where the run history goes (`HISTORY_FILE`); empty for ``historyPath``'s default.
    public var historyFile = ""
    /// Use the in-memory pin driver instead of hardware. Explicit only (C7).
    public var mockGPIO = false
    /// The least severe log level written.
    public var logLevel = LogThreshold.info

    public init() {}

    /// The run history file: `HISTORY_FILE`, or `history.jsonl` in the directory of `STATE_FILE`.
    public var historyPath: String {
        guard historyFile.isEmpty else { return historyFile }
        guard let slash = stateFile.lastIndex(of: "/") else { return "history.jsonl" }
        return "\(stateFile[...slash])history.jsonl"
    }
}
