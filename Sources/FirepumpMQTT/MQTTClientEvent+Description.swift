extension MQTTClientEvent: CustomStringConvertible {
    /// The message, when this is `.message`.
    public var message: MQTTMessage? {
        if case .message(let message) = self { return message }
        return nil
    }

    /// The error, when this is `.connectionFailed`.
    public var failure: MosquittoError? {
        if case .connectionFailed(let error) = self { return error }
        return nil
    }

    /// The reason, when this is `.disconnected`.
    public var disconnectReason: String? {
        if case .disconnected(let reason) = self { return reason }
        return nil
    }

    /// Whether this is `.connected`.
    public var isConnected: Bool {
        if case .connected = self { return true }
        return false
    }

    /// One line for logs and test reports; a payload is shown by its first 160 bytes.
    public var description: String {
        switch self {
        case .connected: return "connected"
        case .disconnected(let reason): return "disconnected(\(reason))"
        case .connectionFailed(let error): return "connectionFailed(\(error))"
        case .message(let message):
            let text = String(decoding: message.payload.prefix(160), as: UTF8.self)
            return "message(\(message.topic), qos \(message.qos), retain \(message.retain), \(message.payload.count) bytes: \(text))"
        }
    }
}
