import FirepumpCore
import FirepumpSettings
import FirepumpSimulator
import Testing

/// An invalid scenario is refused with a ``ScenarioError`` naming the field, so an installer
/// can find the typo (spec/simulation.md: a one-line error naming the field, exit 2).
@Suite("Invalid scenarios name the field")
struct ScenarioErrorTests {
    static let trigger = #"{"at": 0, "mqtt": {"topic": "fire/trigger", "payload": ""}}"#

    @Test("each invalid scenario names its field", arguments: [
        // (scenario, field, words the problem must contain)
        ("{\"duration\": 10,", "", "not valid JSON"),
        ("", "", "not valid JSON"),
        ("[1, 2]", "", "must be a JSON object"),
        (#"{"events": []}"#, "duration", "required"),
        (#"{"duration": "10"}"#, "duration", "number"),
        (#"{"duration": -1}"#, "duration", "at least 0"),
        (#"{"duration": 10, "event": []}"#, "event", "unknown field"),
        (#"{"duration": 10, "events": {}}"#, "events", "array"),
        (#"{"duration": 10, "events": [\#(trigger), {"at": -0.5, "restart": true}]}"#, "events[1].at", "at least 0"),
        (#"{"duration": 10, "events": [{"restart": true}]}"#, "events[0].at", "required"),
        (#"{"duration": 10, "events": [{"at": 1, "restart": true, "when": 2}]}"#, "events[0].when", "unknown field"),
        (#"{"duration": 10, "events": [{"at": 1, "restart": true, "input": {"pin": 16, "level": 0}}]}"#, "events[0]", "exactly one"),
        (#"{"duration": 10, "events": [{"at": 1}]}"#, "events[0]", "exactly one"),
        (#"{"duration": 10, "events": [{"at": 1, "restart": false}]}"#, "events[0].restart", "true"),
        (#"{"duration": 10, "config": {"RESERVOIR_FLOAT_PIN": 16}, "events": [{"at": 1, "input": {"pin": 16, "level": 2}}]}"#, "events[0].input.level", "0 or 1"),
        (#"{"duration": 10, "config": {"RESERVOIR_FLOAT_PIN": 16}, "events": [{"at": 1, "input": {"pin": 16, "level": true}}]}"#, "events[0].input.level", "number"),
        (#"{"duration": 10, "config": {"RESERVOIR_FLOAT_PIN": 16}, "events": [{"at": 1, "input": {"pin": 16}}]}"#, "events[0].input.level", "required"),
        (#"{"duration": 10, "events": [{"at": 1, "input": {"pin": 99, "level": 1}}]}"#, "events[0].input.pin", "0 to 53"),
        (#"{"duration": 10, "events": [{"at": 1, "input": {"pin": 16, "level": 1}}]}"#, "events[0].input.pin", "not a configured input"),
        (#"{"duration": 10, "events": [{"at": 1, "input": {"pin": 18, "level": 1}}]}"#, "events[0].input.pin", "not a configured input"),
        (#"{"duration": 10, "events": [{"at": 1, "mqtt": {"payload": ""}}]}"#, "events[0].mqtt.topic", "non-empty string"),
        (#"{"duration": 10, "events": [{"at": 1, "mqtt": {"topic": "fire/trigger"}}]}"#, "events[0].mqtt.payload", "string"),
        (#"{"duration": 10, "events": [{"at": 1, "mqtt": {"topic": "fire/trigger", "payload": {"action": "trigger"}}}]}"#, "events[0].mqtt.payload", "string"),
        (#"{"duration": 10, "events": [{"at": 1, "mqtt": {"topic": "fire/trigger", "payload": "", "retain": "no"}}]}"#, "events[0].mqtt.retain", "true or false"),
        (#"{"duration": 10, "events": [{"at": 1, "mqtt": {"topic": "fire/trigger", "payload": "", "qos": 1}}]}"#, "events[0].mqtt.qos", "unknown field"),
        (#"{"duration": 10, "config": []}"#, "config", "object"),
        (#"{"duration": 10, "config": {"MAX_RUNTIME": 600}}"#, "config.MAX_RUNTIME", "unknown setting"),
        (#"{"duration": 10, "config": {"MAX_ENGINE_RUNTIME": null}}"#, "config.MAX_ENGINE_RUNTIME", "number, boolean or string"),
        (#"{"duration": 10, "config": {"MAX_ENGINE_RUNTIME": 30}}"#, "config.MAX_ENGINE_RUNTIME", "at least 60"),
        (#"{"duration": 10, "config": {"MAX_ENGINE_RUNTIME": "ten"}}"#, "config.MAX_ENGINE_RUNTIME", "ten"),
        (#"{"duration": 10, "config": {"MQTT_PORT": 70000}}"#, "config.MQTT_PORT", "65535"),
        (#"{"duration": 10, "config": {"RPM_REDUCTION_LEAD": 1800}}"#, "config.RPM_REDUCTION_LEAD", "less than MAX_ENGINE_RUNTIME"),
        (#"{"duration": 10, "config": {"RESERVOIR_FLOAT_PIN": 18}}"#, "MAIN_VALVE_PIN and RESERVOIR_FLOAT_PIN", "share"),
        // Control characters in a value or key must not break the one-line error.
        (#"{"duration": 10, "config": {"MAX_ENGINE_RUNTIME": "60\n0"}}"#, "config.MAX_ENGINE_RUNTIME", "60"),
        (#"{"duration": 10, "config": {"MAX\nRUNTIME": 1}}"#, "config.MAX\nRUNTIME", "unknown setting"),
        (#"{"duration": 10, "events": [{"at": 1, "restart": true, "x\r\ny": 1}]}"#, "events[0].x\r\ny", "unknown field"),
    ] as [(String, String, String)])
    func namesTheField(json: String, field: String, problem: String) throws {
        let error = try #require(scenarioError(json), "accepted: \(json)")
        #expect(error.field == field)
        #expect(error.problem.contains(problem), "\(error)")
        #expect(!error.description.unicodeScalars.contains { $0 == "\n" || $0 == "\r" }, "one line")
        if !field.isEmpty, field.allSatisfy({ !$0.isNewline }) { #expect(error.description.hasPrefix("\(field): ")) }
    }

    @Test("valid corner cases are accepted")
    func validCornerCases() throws {
        #expect(scenarioError(#"{"duration": 0}"#) == nil)
        #expect(scenarioError(#"{"duration": 10, "events": [], "config": {}}"#) == nil)
        #expect(scenarioError(#"{"duration": 10, "config": {"MAX_ENGINE_RUNTIME": "600", "MOCK_GPIO": true, "LOG_LEVEL": "debug"}}"#) == nil,
                "string numbers, booleans, and settings the reference ignores")
        #expect(scenarioError(#"{"duration": 10, "config": {"MQTT_TOPIC_PREFIX": "site"}}"#) == nil, "aliases")
        #expect(scenarioError(#"{"duration": 10, "events": [{"at": 1.5, "mqtt": {"topic": "anything", "payload": "", "retain": true}}]}"#) == nil)
    }

    @Test("an input event's error names its position in the file, not in time order")
    func inputPinIndexIsFileOrder() throws {
        let json = #"{"duration": 10, "events": [{"at": 5, "restart": true}, {"at": 1, "input": {"pin": 16, "level": 0}}]}"#
        let error = try #require(scenarioError(json))
        #expect(error.field == "events[1].input.pin")
    }

    @Test("scenario settings win over --config settings; bad --config values are named without config.")
    func configLayers() throws {
        let scenario = try Scenario.decode(Array(#"{"duration": 10, "config": {"FIRE_OFF_DELAY": 100}}"#.utf8))
        let (config, unknown) = try scenario.resolveConfig(fileSettings: ["FIRE_OFF_DELAY": "200", "PRE_OPEN_DELAY": "3", "SOMETHING_ELSE": "1"])
        #expect(config.pump.timing.fireOffDelay == 100)
        #expect(config.pump.timing.preOpenDelay == 3)
        #expect(unknown == ["SOMETHING_ELSE"], "unknown --config keys are reported, not fatal")
        let error = try #require(scenarioError(#"{"duration": 10}"#, fileSettings: ["MAX_ENGINE_RUNTIME": "5"]))
        #expect(error.field == "MAX_ENGINE_RUNTIME")
    }
}
