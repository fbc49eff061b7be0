import FirepumpCore

/// Spots the symptom of a second client with this client's id: the broker accepts the
/// connection and drops it again soon after, over and over, because each new connection with an
/// id in use takes the session from the other client (MQTT 3.1.1 §3.1.4). Two controllers with
/// one id do this to each other every few seconds and each misses messages meant for it.
struct SessionTakeoverWatch: Sendable {
    /// A connection lost sooner than this after it was accepted counts as a short one.
    static let shortConnection = 10.0
    /// This many short connections in a row raise the warning.
    static let suspiciousStreak = 3
    /// At most one warning per this many seconds.
    static let warningInterval = 300.0

    private var connectedAt: Instant?
    private var shortStreak = 0
    private var lastWarning: Instant?

    /// The broker accepted a connection at `instant`.
    mutating func connected(at instant: Instant) {
        connectedAt = instant
    }

    /// The connection was lost at `instant`. Returns the number of short connections in a row
    /// when a warning is due now, else `nil`.
    mutating func disconnected(at instant: Instant) -> Int? {
        guard let since = connectedAt else { return nil }
        connectedAt = nil
        guard instant - since < Self.shortConnection else {
            shortStreak = 0
            return nil
        }
        shortStreak += 1
        guard shortStreak >= Self.suspiciousStreak,
            lastWarning.map({ instant - $0 >= Self.warningInterval }) ?? true
        else { return nil }
        lastWarning = instant
        return shortStreak
    }
}
