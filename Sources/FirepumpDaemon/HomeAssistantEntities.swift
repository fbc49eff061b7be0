import FirepumpCore
import FirepumpSettings

/// What firepump announces to Home Assistant: every entity reads the retained state topic
/// (`<telemetry>/<host>/state`), whose keys are always present; the buttons publish operator
/// commands on the emergency topic.
enum HomeAssistantEntities {
    /// The entities to announce with `config`, and those whose config topics must be cleared
    /// (inputs that are not fitted; the buttons without `HA_COMMANDS`), so that an entity
    /// announced by an earlier configuration disappears from Home Assistant.
    static func catalogue(_ config: DaemonConfig, topics: Topics) -> (announced: [HomeAssistantEntity], withdrawn: [HomeAssistantEntity]) {
        let state = topics.state
        let inputs = InputRole.allCases.map { input($0, state: state) }
        let fitted = InputRole.allCases.map(config.pump.isFitted)
        let buttons = self.buttons(commands: topics.emergency)
        let commands = config.mqtt.homeAssistant.commands
        let announced = pump(state: state) + zip(inputs, fitted).filter(\.1).map(\.0) + (commands ? buttons : [])
        let withdrawn = zip(inputs, fitted).filter { !$0.1 }.map(\.0) + (commands ? [] : buttons)
        return (announced, withdrawn)
    }

    /// The pump's own entities: state, engine, valves, RPM, runtimes, last trigger, error.
    static func pump(state topic: String) -> [HomeAssistantEntity] {
        typealias T = HomeAssistantTemplate
        return [
            .sensor("pump_state", "Pump state", state: topic, template: T.value("state"), [
                .init("device_class", "enum"), .init("options", .array(Phase.allCases.map { .string($0.rawValue) })),
                .init("icon", "mdi:water-pump"),
                .init("json_attributes_topic", .string(topic)), .init("json_attributes_template", .string(T.json("system_state"))),
            ]),
            .binarySensor("engine_running", "Engine running", state: topic, template: T.value("system_state.engine_on"), deviceClass: "running"),
            .binarySensor("main_valve", "Main valve", state: topic, template: T.value("system_state.main_valve"), deviceClass: "opening"),
            .binarySensor("priming_valve", "Priming valve", state: topic, template: T.value("system_state.priming_valve"), deviceClass: "opening"),
            .binarySensor("refill_valve", "Refill valve", state: topic, template: T.value("system_state.refill_valve"), deviceClass: "opening"),
            .binarySensor("rpm_reduced", "RPM reduced", state: topic, template: T.value("system_state.rpm_reduced"), deviceClass: nil),
            .sensor("current_runtime", "Current runtime", state: topic, template: T.value("system_state.current_runtime"), [
                .init("device_class", "duration"), .init("unit_of_measurement", "s"), .init("state_class", "measurement"),
            ]),
            .sensor("total_runtime", "Total runtime", state: topic, template: T.value("system_state.total_runtime"), [
                .init("device_class", "duration"), .init("unit_of_measurement", "s"), .init("state_class", "total_increasing"),
            ]),
            .sensor("last_trigger", "Last trigger", state: topic, template: T.value("last_trigger_at"), [
                .init("device_class", "timestamp"),
            ]),
            .sensor("error_reason", "Error reason", state: topic, template: T.value("error_reason", or: noError), [
                .init("device_class", "enum"),
                .init("options", .array(([noError] + ErrorReason.allCases.map(\.rawValue)).map { .string($0) })),
                .init("entity_category", "diagnostic"),
            ]),
            .binarySensor(
                "problem", "Problem", state: topic,
                template: T.value("state", isOneOf: Phase.allCases.filter(\.isLatched).map(\.rawValue)), deviceClass: "problem"),
        ]
    }

    /// What the error reason sensor shows outside ERROR.
    static let noError = "none"

    /// The binary sensor of one input, on when the input is active.
    static func input(_ role: InputRole, state topic: String) -> HomeAssistantEntity {
        let (name, deviceClass): (String, String?) = switch role {
        case .reservoirFloat: ("Tank full", nil)
        case .linePressure: ("Line pressure OK", nil)
        case .flowSensor: ("Water flowing", nil)
        case .emergencyButton: ("Emergency button pressed", nil)
        case .reservoirLow: ("Tank low", nil)
        case .engineRunning: ("Engine running (sensor)", "running")
        case .batteryLow: ("Starter battery low", "battery")
        case .chargerFault: ("Battery charger fault", "problem")
        case .lowOilPressure: ("Low oil pressure", "problem")
        case .highEngineTemp: ("High engine temperature", "heat")
        case .overspeed: ("Engine overspeed", "problem")
        case .lowFuel: ("Low fuel", "problem")
        }
        return .binarySensor("input_\(role.rawValue)", name, state: topic, template: HomeAssistantTemplate.value("inputs.\(role.rawValue)"), deviceClass: deviceClass)
    }

    /// The operator command buttons (`HA_COMMANDS=true`).
    static func buttons(commands topic: String) -> [HomeAssistantEntity] {
        [
            .button("start", "Start pump", commands: topic),
            .button("stop", "Emergency stop", commands: topic),
            .button("reset", "Reset", commands: topic),
        ]
    }
}
