internal import CMosquitto

/// The largest payload MQTT can carry.
let maximumPayloadSize = 268_435_455

extension MQTTClientOptions {
    /// Rejects options that could never work, so `MosquittoClient.init` fails at once instead
    /// of the client retrying a hopeless connection forever.
    func validate() throws(MosquittoError) {
        func invalid(_ reason: String) -> MosquittoError {
            .invalidArgument("MQTTClientOptions", reason)
        }
        guard !host.isEmpty else { throw invalid("host is empty") }
        guard (1...65535).contains(port) else { throw invalid("port \(port) is not in 1...65535") }
        guard (5...65535).contains(keepAlive) else { throw invalid("keepAlive \(keepAlive) is not in 5...65535 seconds") }
        guard cleanSession || !clientID.isEmpty else {
            throw invalid("a persistent session (cleanSession false) needs a non-empty clientID")
        }
        guard password == nil || username != nil else { throw invalid("a password needs a username") }
        if let tls, (tls.certFile == nil) != (tls.keyFile == nil) {
            throw invalid("TLS certFile and keyFile must be given together")
        }
        if let will {
            try validateOutgoing(will, operation: "MQTTClientOptions", role: "will")
            guard will.payload.count <= 65535 else { throw invalid("the will payload is over 65535 bytes") }
        }
        if let birth { try validateOutgoing(birth(), operation: "MQTTClientOptions", role: "birth") }
        for subscription in subscriptions {
            guard (0...2).contains(subscription.qos) else {
                throw invalid("subscription \"\(subscription.topic)\" has QoS \(subscription.qos), not 0, 1 or 2")
            }
            guard !subscription.topic.isEmpty else { throw invalid("a subscription topic filter is empty") }
            let rc = unsafe subscription.topic.withCString { unsafe mosquitto_sub_topic_check($0) }
            guard rc == MosquittoCode.success else {
                throw invalid("\"\(subscription.topic)\" is not a valid subscription topic filter")
            }
        }
        guard reconnectDelayMin > .zero, reconnectDelayMax >= reconnectDelayMin else {
            throw invalid("reconnect delays must satisfy 0 < reconnectDelayMin <= reconnectDelayMax")
        }
    }
}

/// Rejects a message libmosquitto would refuse: bad QoS, oversized payload, a topic with
/// wildcards, empty or not UTF-8.
func validateOutgoing(_ message: MQTTOutgoing, operation: String, role: String) throws(MosquittoError) {
    guard (0...2).contains(message.qos) else {
        throw .invalidArgument(operation, "\(role) QoS \(message.qos) is not 0, 1 or 2")
    }
    guard message.payload.count <= maximumPayloadSize else {
        throw .invalidArgument(operation, "\(role) payload of \(message.payload.count) bytes is over the MQTT limit")
    }
    let rc = unsafe message.topic.withCString { unsafe mosquitto_pub_topic_check($0) }
    guard !message.topic.isEmpty, rc == MosquittoCode.success else {
        throw .invalidArgument(operation, "\(role) topic \"\(message.topic)\" is not a valid topic to publish on")
    }
}
