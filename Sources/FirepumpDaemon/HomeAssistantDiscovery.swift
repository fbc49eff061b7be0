import FirepumpCore
import FirepumpMQTT
import FirepumpSettings

/// The Home Assistant MQTT discovery messages of one controller: one device (identified by the
/// MQTT client id, which is stable and unique per machine), its entities' configs on
/// `<prefix>/<component>/<node id>/<object id>/config`, retained, and an empty retained message
/// on the config topic of each entity that this configuration does not have, which removes it
/// from Home Assistant. Every entity is available while the availability topic (the JSON LWT)
/// says `online`. Pure: nothing is published here.
struct HomeAssistantDiscovery: Sendable {
    /// The discovery prefix (`HA_DISCOVERY_PREFIX`).
    let prefix: String
    /// The device's identifier and the start of every unique id.
    let clientID: String
    /// The host name, in the device's name.
    let host: String
    /// The software version Home Assistant shows.
    let version: String
    /// The JSON LWT `{host, status, timestamp}`.
    let availabilityTopic: String
    let announced: [HomeAssistantEntity]
    let withdrawn: [HomeAssistantEntity]

    /// The discovery of the controller that runs with `config` on `topics` as `clientID`.
    init(config: DaemonConfig, topics: Topics, clientID: String, host: String, version: String = FirepumpVersion.current) {
        prefix = config.mqtt.homeAssistant.prefix
        self.clientID = clientID
        self.host = host
        self.version = version
        availabilityTopic = topics.availability
        (announced, withdrawn) = HomeAssistantEntities.catalogue(config, topics: topics)
    }

    /// The node id level of the config topics: the client id with every character Home Assistant
    /// does not accept there (anything but letters, digits, `_` and `-`) replaced by `_`.
    var nodeID: String {
        String(clientID.unicodeScalars.map { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-")
                ? Character(scalar) : "_"
        })
    }

    /// Where `entity`'s config goes.
    func configTopic(_ entity: HomeAssistantEntity) -> String {
        "\(prefix)/\(entity.component.rawValue)/\(nodeID)/\(entity.objectID)/config"
    }

    /// `entity`'s full config: its own members, then its unique id, the device, the
    /// availability, the origin and QoS 1.
    func config(_ entity: HomeAssistantEntity) -> JSONValue {
        .object(entity.fields + [
            .init("unique_id", .string("\(clientID)_\(entity.objectID)")),
            .init("device", .object([
                .init("identifiers", .array([.string(clientID)])),
                .init("name", .string("Fire pump \(host)")),
                .init("manufacturer", "firepump"),
                .init("model", "firepump pump controller"),
                .init("sw_version", .string(version)),
            ])),
            .init("availability", .array([.object([
                .init("topic", .string(availabilityTopic)),
                .init("value_template", .string(HomeAssistantTemplate.value("status"))),
                .init("payload_available", .string(MQTTSettings.Availability.online.rawValue)),
                .init("payload_not_available", .string(MQTTSettings.Availability.offline.rawValue)),
            ])])),
            .init("origin", .object([.init("name", "firepump"), .init("sw_version", .string(version))])),
            .init("qos", 1),
        ])
    }

    /// One announcement: every announced entity's config, then the clearing of every withdrawn
    /// one, all retained at QoS 1.
    var messages: [MQTTOutgoing] {
        announced.map { MQTTOutgoing(topic: configTopic($0), payload: config($0).serializedBytes, qos: 1, retain: true) }
            + withdrawn.map { MQTTOutgoing(topic: configTopic($0), payload: [], qos: 1, retain: true) }
    }
}
