/// Turns an MQTT message into a machine event. Untrusted input: nothing here can crash, and a
/// message that is refused becomes ``PumpEvent/messageRefused(_:)`` (an event saying why) and
/// never a state change.
public enum InboundMessage {
    /// Payloads above this size are refused unread.
    public static let maxPayloadBytes = 65_536

    /// The event for a message, or `nil` when the topic is not one firepump listens to.
    public static func event(topic: String, payload: [UInt8], retained: Bool, topics: Topics) -> PumpEvent? {
        if topic == topics.trigger { return trigger(payload, retained: retained) }
        if topic == topics.emergency { return command(payload, retained: retained) }
        if topic == topics.wildfireWatch.emergencyStop { return emergencyStop(retained: retained) }
        return nil
    }

    /// A retained command would run again on every reconnect and restart.
    private static let retainedCommand = PumpEvent.messageRefused(.emergencyCommandError("retained command ignored (publish without retain)"))

    /// `gpio/emergency/stop`, as wildfire-watch's troubleshooting guide sends it: the payload is
    /// not read (`-m 1`, `-m stop`, `-n` are all a stop), exactly `stop` on the emergency topic.
    static func emergencyStop(retained: Bool) -> PumpEvent {
        retained ? retainedCommand : .command(.stop)
    }

    /// The `action` words of a JSON trigger: `fire_consensus` sends `trigger`, wildfire-watch's
    /// runbook `activate`.
    private static let triggerActions: Set<String> = ["trigger", "activate"]

    /// Commands that must never be read as a fire trigger when sent to the trigger topic (H5).
    private static let nonTriggerWords: Set<String> = ["stop", "emergency_stop", "reset", "valve_close", "valve_open", "cancel", "off", "clear"]

    /// The UTF-8 byte-order mark some editors and Windows tools put before text.
    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// The payload as text, without a leading byte-order mark; `nil` when it is not UTF-8.
    private static func text(_ payload: [UInt8]) -> String? {
        let body = payload.starts(with: byteOrderMark) ? payload[byteOrderMark.count...] : payload[...]
        return String(validating: body, as: UTF8.self)
    }

    static func trigger(_ payload: [UInt8], retained: Bool) -> PumpEvent {
        func ignored(_ reason: String) -> PumpEvent {
            .messageRefused(.triggerIgnored(.message(reason)))
        }
        // A retained trigger is stale: it would start the pump on every reconnect (H5).
        if retained { return ignored("retained message (stale)") }
        if payload.count > maxPayloadBytes { return ignored("payload too large (\(payload.count) bytes)") }
        guard let text = text(payload) else { return ignored("payload is not UTF-8 text") }
        // Clearing a retained trigger (`mosquitto_pub -r -n`) reaches a live subscriber as an empty
        // payload with retain 0 (MQTT 3.1.1 §3.3.1.3): the flag cannot tell it apart, so no empty
        // payload is a trigger.
        if text.isEmpty { return ignored("empty payload (as sent when a retained trigger is cleared)") }
        let trimmed = text.trimmed
        guard trimmed.hasPrefix("{") || trimmed.hasPrefix("[") else {
            let word = trimmed.lowercased()
            return nonTriggerWords.contains(word) ? ignored("'\(word)' is a command, not a trigger") : .trigger
        }
        let json: JSONValue
        do {
            json = try JSONReader.parse(Array(trimmed.utf8))
        } catch {
            return ignored("malformed JSON: \(error)")
        }
        guard case .object = json else { return ignored("JSON payload is not an object") }
        switch json["action"] {
        case nil, .null: return .trigger
        case .string(let action) where triggerActions.contains(action.trimmed.lowercased()): return .trigger
        case .string(let action): return ignored("action '\(action)' is not a trigger")
        case .some: return ignored("action must be a string")
        }
    }

    static func command(_ payload: [UInt8], retained: Bool) -> PumpEvent {
        func error(_ text: String) -> PumpEvent {
            .messageRefused(.emergencyCommandError(text))
        }
        if retained { return retainedCommand }
        if payload.count > maxPayloadBytes { return error("payload too large (\(payload.count) bytes)") }
        guard let text = text(payload) else { return error("payload is not UTF-8 text") }
        var word = text.trimmed
        if word.hasPrefix("{") {
            let json: JSONValue
            do {
                json = try JSONReader.parse(Array(word.utf8))
            } catch let failure {
                return error("malformed JSON: \(failure)")
            }
            guard let named = json["action"]?.stringValue ?? json["command"]?.stringValue else {
                return error("JSON command needs a string 'action' or 'command'")
            }
            word = named.trimmed
        }
        guard let command = Command(rawValue: word.lowercased()) else {
            let shown = word.count > 64 ? String(word.prefix(64)) + "…" : word
            return .messageRefused(.emergencyCommandUnknown(shown))
        }
        return .command(command)
    }
}
