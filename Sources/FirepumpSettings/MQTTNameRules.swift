/// What makes a topic, a topic prefix or a client id usable by firepump (MQTT 3.1.1 §1.5.3,
/// §3.1.3.1, §4.7). The daemon subscribes to the trigger and emergency topics and publishes on
/// the telemetry topic, so all three are concrete topic names: a wildcard or an empty level
/// would subscribe to the wrong thing or be refused by the broker, and the pump would never
/// start.
public enum MQTTNameRules {
    /// The longest UTF-8 string MQTT can carry (a two-byte length prefix): the limit for topics
    /// and for `MQTT_CLIENT_ID`.
    public static let maximumBytes = 65_535
    /// The client id length every MQTT 3.1.1 broker must accept. Longer ids are allowed by the
    /// protocol and by mosquitto; some brokers refuse them, so firepump warns but accepts.
    public static let guaranteedClientIDBytes = 23

    /// Why `topic` cannot be a concrete topic name (or a topic prefix), or nil when it can.
    public static func topicProblem(_ topic: String) -> String? {
        if topic.contains("#") || topic.contains("+") {
            return "must not contain the MQTT wildcards # or + (it names one concrete topic)"
        }
        if topic.hasPrefix("$") { return "must not start with $ (reserved for the broker, e.g. $SYS)" }
        if topic.split(separator: "/", omittingEmptySubsequences: false).contains(where: \.isEmpty) {
            return "must not have empty levels (a leading or trailing /, or //)"
        }
        return textProblem(topic)
    }

    /// Why `text` cannot be an MQTT string (a topic or a client id), or nil when it can: control
    /// characters (NUL, newlines; mosquitto refuses them), text that was not valid UTF-8 (read
    /// with U+FFFD in its place), or more than ``maximumBytes``.
    public static func textProblem(_ text: String) -> String? {
        if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "must not contain control characters (NUL, newline, tab, ...)"
        }
        if text.unicodeScalars.contains("\u{FFFD}") {
            return "must be valid UTF-8 (it holds U+FFFD, the mark of bytes that were not)"
        }
        if text.utf8.count > maximumBytes { return "must be at most \(maximumBytes) bytes of UTF-8" }
        return nil
    }
}
