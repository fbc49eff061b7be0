import FirepumpMQTT
import Logging
import Synchronization

/// Sends the Home Assistant discovery messages (``HomeAssistantDiscovery``) on every connect and
/// again whenever Home Assistant announces `online` on `<prefix>/status` (after it restarts it has
/// forgotten them unless the broker kept them). Runs on the MQTT network thread, from the
/// client's event handler; publishing only queues the messages.
final class HomeAssistantAnnouncer: Sendable {
    private let messages: [MQTTOutgoing]
    private let statusTopic: String
    private let logger: Logger
    /// The link whose client publishes; set once it exists (the link is made with the handler
    /// that calls this announcer).
    private let link = Mutex<BrokerLink?>(nil)

    /// An announcer of `discovery` that listens for Home Assistant on `statusTopic`.
    init(discovery: HomeAssistantDiscovery, statusTopic: String, logger: Logger) {
        messages = discovery.messages
        self.statusTopic = statusTopic
        self.logger = logger
    }

    /// Publishes through `link` from now on.
    func publish(through link: BrokerLink) {
        self.link.withLock { $0 = link }
    }

    /// The client connected: announce.
    func connected() {
        announce()
    }

    /// Whether `message` is Home Assistant's status (then it is not for the controller);
    /// `online` makes this announce again.
    func consume(_ message: MQTTMessage) -> Bool {
        guard message.topic == statusTopic else { return false }
        let words = String(decoding: message.payload, as: UTF8.self).split(whereSeparator: \.isWhitespace)
        if words == ["online"] {
            logger.info("Home Assistant is online: discovery sent again", metadata: ["mqtt.topic": "\(statusTopic)"])
            announce()
        }
        return true
    }

    private func announce() {
        guard let client = link.withLock({ $0 })?.client else { return }
        var failures: [String] = []
        for message in messages {
            do {
                try client.publish(message)
            } catch {
                failures.append("\(message.topic): \(error)")
            }
        }
        if let first = failures.first {
            logger.warning("Home Assistant discovery not published", metadata: ["failed": "\(failures.count)", "error": "\(first)"])
        }
    }
}
