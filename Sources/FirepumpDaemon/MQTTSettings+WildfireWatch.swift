import FirepumpCore
import FirepumpMQTT

extension MQTTSettings {
    /// The options of the second, lightweight connection that carries wildfire-watch's plain
    /// availability, `system/gpio_trigger/lwt`: retained `online` on every connect, `offline` as
    /// its will and on a clean exit.
    ///
    /// A client has one will, and the main connection's is the reference's JSON `offline` on
    /// `<telemetry>/<host>/lwt`. Publishing the plain topic from the main connection would leave
    /// it reading `online` forever after a crash, a power cut or a network loss; on its own
    /// connection from the same process it goes `offline` when the main one does: a killed
    /// process closes both sockets, and both keepalives run out together. It has the main
    /// connection's broker, login and TLS, its client id with `-lwt` appended, a clean session
    /// and no subscriptions, and publishes nothing else.
    public static func serviceAvailabilityOptions(_ main: MQTTClientOptions, topics: Topics) -> MQTTClientOptions {
        var options = main
        options.clientID = companionClientID(main.clientID)
        options.cleanSession = true
        options.subscriptions = []
        options.will = serviceAvailability(.offline, topic: topics.wildfireWatch.availability)
        options.birth = { serviceAvailability(.online, topic: topics.wildfireWatch.availability) }
        return options
    }

    /// The plain-text availability every wildfire-watch service keeps on `system/<service>/lwt`,
    /// retained at QoS 1.
    public static func serviceAvailability(_ status: Availability, topic: String) -> MQTTOutgoing {
        MQTTOutgoing(topic: topic, payload: Array(status.rawValue.utf8), qos: 1, retain: true)
    }

    /// `<clientID>-lwt`, the main id shortened (at a character boundary) if that would pass the
    /// 65,535-byte limit of an MQTT string.
    static func companionClientID(_ clientID: String) -> String {
        let suffix = "-lwt"
        var base = Substring(clientID)
        while base.utf8.count + suffix.utf8.count > 65_535 { base.removeLast() }
        return base + suffix
    }
}
