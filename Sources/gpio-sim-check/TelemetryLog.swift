import FirepumpCore
import FirepumpRuntime

/// A telemetry transport that keeps the `action` of every event the controller publishes.
final class TelemetryLog: TelemetryTransport {
    private(set) var actions: [String] = []

    func publish(topic: String, payload: [UInt8], retain: Bool) {
        if let action = (try? JSONReader.parse(payload))?["action"]?.stringValue { actions.append(action) }
    }
}
