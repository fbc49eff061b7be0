import FirepumpCore

extension Topics {
    /// The topics with the reference's default names (`fire/trigger`, `fire/emergency`,
    /// `system/trigger_telemetry`), under `prefix`.
    static func reference(prefix: String = "", host: String) -> Topics {
        Topics(prefix: prefix, trigger: "fire/trigger", emergency: "fire/emergency", telemetry: "system/trigger_telemetry", host: host)
    }
}
