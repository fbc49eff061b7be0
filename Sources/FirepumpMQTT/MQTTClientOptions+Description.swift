extension MQTTClientOptions: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The connection as it may be logged: the password shows as `********` when set.
    public var description: String {
        var text = "MQTTClientOptions(\(host):\(port), clientID: \(String(reflecting: clientID)), cleanSession: \(cleanSession)"
        if let username { text += ", username: \(String(reflecting: username))" }
        if password != nil { text += ", password: ********" }
        if let tls { text += ", tls: \(tls)" }
        return text + ", subscriptions: \(subscriptions.map(\.topic)))"
    }

    public var debugDescription: String { description }

    /// What `dump` shows: no password.
    public var customMirror: Mirror {
        Mirror(self, children: ["description": description], displayStyle: .struct)
    }
}
