/// Where a client's events go: the continuation of `MosquittoClient.events`, or the handler given
/// to `MosquittoClient(options:onEvent:)`. Called on the network thread, in order.
struct EventSink: Sendable {
    /// Delivers one event.
    let emit: @Sendable (MQTTClientEvent) -> Void
    /// No event follows (the client stopped).
    let finish: @Sendable () -> Void
    /// Called on the network thread after each pass of its loop, outside libmosquitto's
    /// callbacks; what it publishes is written to the socket before `publish` returns.
    var afterPass: @Sendable () -> Void = {}
}
