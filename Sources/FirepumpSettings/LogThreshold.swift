/// The least severe log level the daemon writes (`LOG_LEVEL`), named as journald and swift-log
/// name them.
public enum LogThreshold: String, CaseIterable, Sendable {
    case trace, debug, info, notice, warning, error, critical
}
