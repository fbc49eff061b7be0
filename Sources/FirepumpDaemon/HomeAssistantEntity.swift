import FirepumpCore

/// One entity firepump announces to Home Assistant through MQTT discovery: its component, its
/// object id (in its config topic and its unique id) and the members of its config that are
/// its own (name, topics, templates, classes). ``HomeAssistantDiscovery`` adds the device,
/// the availability and the unique id.
struct HomeAssistantEntity: Sendable, Equatable {
    /// The Home Assistant integrations firepump uses.
    enum Component: String, Sendable, CaseIterable {
        case sensor
        case binarySensor = "binary_sensor"
        case button
    }

    let component: Component
    let objectID: String
    let fields: [JSONValue.Member]

    /// A sensor whose value `template` takes from the retained state topic.
    static func sensor(_ objectID: String, _ name: String, state topic: String, template: String, _ extra: [JSONValue.Member]) -> Self {
        Self(component: .sensor, objectID: objectID, fields: [
            .init("name", .string(name)), .init("state_topic", .string(topic)), .init("value_template", .string(template)),
        ] + extra)
    }

    /// A binary sensor whose `template` renders a JSON boolean of the retained state as Python
    /// does (`True`/`False`; `None` for an input not read yet, which Home Assistant shows as unknown).
    static func binarySensor(_ objectID: String, _ name: String, state topic: String, template: String, deviceClass: String?) -> Self {
        var fields: [JSONValue.Member] = [
            .init("name", .string(name)), .init("state_topic", .string(topic)), .init("value_template", .string(template)),
            .init("payload_on", "True"), .init("payload_off", "False"),
        ]
        if let deviceClass { fields.append(.init("device_class", .string(deviceClass))) }
        return Self(component: .binarySensor, objectID: objectID, fields: fields)
    }

    /// A button that publishes the operator command `command` on the emergency topic (not
    /// retained: firepump refuses retained commands).
    static func button(_ command: String, _ name: String, commands topic: String) -> Self {
        Self(component: .button, objectID: command, fields: [
            .init("name", .string(name)), .init("command_topic", .string(topic)), .init("payload_press", .string(command)),
            .init("retain", false),
        ])
    }
}

/// The Jinja templates firepump's entities use: only these few shapes, each a path into the
/// JSON payload (`value_json.a.b`), so that a test can render every one against the payloads
/// firepump publishes.
enum HomeAssistantTemplate {
    /// `{{ value_json.a.b }}`: the value as Python prints it.
    static func value(_ path: String) -> String { "{{ value_json.\(path) }}" }

    /// `{{ value_json.a.b or 'x' }}`: the value, or `fallback` when it is null (or empty).
    static func value(_ path: String, or fallback: String) -> String { "{{ value_json.\(path) or '\(fallback)' }}" }

    /// `{{ value_json.a.b in ['X', 'Y'] }}`: `True` when the value is one of `words`.
    static func value(_ path: String, isOneOf words: [String]) -> String {
        "{{ value_json.\(path) in [\(words.map { "'\($0)'" }.joined(separator: ", "))] }}"
    }

    /// `{{ value_json.a | tojson }}`: an object, for `json_attributes_template`.
    static func json(_ path: String) -> String { "{{ value_json.\(path) | tojson }}" }
}
