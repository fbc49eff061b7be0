import FirepumpCore
import FirepumpMQTT
import FirepumpSettings

/// Sends one operator command to the emergency topic, as `firepump exercise` does: a short-lived
/// client on the daemon's broker settings (host, port, TLS, credentials, `TOPIC_PREFIX`), QoS 1,
/// never retained (the controller refuses retained commands).
public enum CommandSender {
    /// Connects, publishes `command` and disconnects once the broker has it.
    /// - Returns: the topic it was published on.
    /// - Throws: ``DaemonFailure`` naming the broker when it cannot be reached or refuses the
    ///   connection within `timeout`, or when the client cannot be set up.
    @discardableResult
    public static func send(_ command: Command, config: DaemonConfig, clientID: String, timeout: Duration) async throws(DaemonFailure) -> String {
        let mqtt = config.mqtt
        var options = MQTTClientOptions(host: mqtt.broker, port: mqtt.port, clientID: clientID)
        options.cleanSession = true
        options.username = mqtt.username
        options.password = mqtt.password
        if mqtt.tls { options.tls = MQTTTLSOptions(caFile: mqtt.caPath, certFile: mqtt.certPath, keyFile: mqtt.keyPath) }
        let broker = "\(mqtt.broker):\(mqtt.port)"
        let client: MosquittoClient
        do {
            client = try MosquittoClient(options: options)
            try client.start()
        } catch {
            throw DaemonFailure("cannot set up the MQTT client for \(broker): \(error)")
        }
        let events = client.events
        let outcome = await withTaskGroup(of: String?.self) { group in
            group.addTask {
                for await event in events {
                    switch event {
                    case .connected: return nil
                    case .connectionFailed(let error): return "\(error)"
                    case .disconnected, .message: continue
                    }
                }
                return "the client stopped"
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return "no answer within \(timeout)"
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        if let outcome {
            client.stop()
            throw DaemonFailure("cannot reach the MQTT broker \(broker): \(outcome)")
        }
        let payload = JSONValue.object([.init("command", .string(command.rawValue))]).serializedBytes
        let topic = Topics(mqtt, host: "").emergency
        // Sent as the final message: stop waits for the broker's acknowledgement before disconnecting.
        client.stop(finalMessage: MQTTOutgoing(topic: topic, payload: payload, qos: 1, retain: false))
        return topic
    }
}
