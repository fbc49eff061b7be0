import FirepumpCore

extension MQTTConfig: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Every field but the password, which shows as ``Secret/masked`` when set (issue 12 item 7:
    /// a configuration printed in a log must not carry the broker password).
    public var description: String {
        let fields = customMirror.children.map { "\($0.label ?? ""): \(String(reflecting: $0.value))" }
        return "MQTT(\(fields.joined(separator: ", ")))"
    }

    public var debugDescription: String { description }

    /// The fields as `dump` and the default description of an enclosing value show them, with
    /// the password masked.
    public var customMirror: Mirror {
        Mirror(self, children: [
            "broker": broker, "port": port, "tls": tls, "caPath": caPath, "certPath": certPath as Any, "keyPath": keyPath as Any,
            "username": username as Any, "password": (password == nil ? nil : Secret.masked) as Any, "clientID": clientID as Any,
            "topicPrefix": topicPrefix, "triggerTopic": triggerTopic, "emergencyTopic": emergencyTopic, "telemetryTopic": telemetryTopic,
        ], displayStyle: .struct)
    }
}
