/// What the client reports through `MosquittoClient.events`.
public enum MQTTClientEvent: Sendable {
    /// The broker accepted the connection; the subscriptions were requested and the birth
    /// message queued. Seen again after every reconnect.
    case connected
    /// An established connection ended: lost, timed out, or closed by `stop`.
    case disconnected(reason: String)
    /// One attempt to connect failed: refused, unreachable, TLS, or a CONNACK refusal such as
    /// bad credentials. The client retries after its backoff delay unless stopped.
    case connectionFailed(MosquittoError)
    /// A message arrived on a subscription.
    case message(MQTTMessage)
}
