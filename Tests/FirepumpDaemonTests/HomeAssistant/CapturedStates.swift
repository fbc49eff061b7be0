import FirepumpCore
import FirepumpHAL
import FirepumpRuntime
import FirepumpSettings
import Logging

/// The retained state payloads the real controller publishes (the same code as the daemon, on
/// mock pins and a virtual clock), through the situations that show every value Home Assistant
/// reads: IDLE never triggered, a run, a fail-to-start ERROR, a reset, a LOCKOUT.
enum CapturedStates {
    /// Every input fitted, on lines the outputs do not use.
    static let allInputs = [
        "RESERVOIR_FLOAT_PIN": "5", "LINE_PRESSURE_PIN": "6", "FLOW_SENSOR_PIN": "12", "EMERGENCY_BUTTON_PIN": "13",
        "RESERVOIR_LOW_PIN": "16", "ENGINE_RUNNING_PIN": "19",
    ]

    /// The state payloads published with `settings`, in order, each with the state it shows.
    static func payloads(_ settings: [String: String]) throws -> [JSONValue] {
        let config = try DaemonSettings.parse(settings).config
        let transport = Recorder()
        let clock = VirtualWallClock()
        let pins = MockPinDriver()
        // The low-reservoir switch reads "not empty" (a broken wire would read empty and block the start).
        pins.setInputLevel(line: 16, .high)
        let controller = PumpController(
            config: config.pump, topics: Topics(config.mqtt, host: "pump-pi"), pins: pins, transport: transport, store: nil,
            environment: .init(host: "pump-pi", wallClock: { clock.seconds }, mockPins: true,
                               logger: Logger(label: "captured", factory: { _ in SwiftLogNoOpLogHandler() })))
        func advance(to t: Double) {
            while let next = controller.nextDeadline, next.seconds <= t {
                clock.seconds = 1_800_000_000 + next.seconds
                controller.handle(.tick, at: next)
            }
            clock.seconds = 1_800_000_000 + t
        }
        try controller.start(at: .zero) { _, _ in }
        controller.connected(at: .zero)
        controller.handle(.trigger, at: Instant(seconds: 1))
        // Without engine feedback the run reaches RUNNING and its runtimes move; with an
        // engine-running input that never reads running, the cranks fail: ERROR.
        advance(to: 200)
        controller.handle(.command(.reset), at: Instant(seconds: 200))
        controller.handle(.command(.start), at: Instant(seconds: 201))
        controller.handle(.command(.stop), at: Instant(seconds: 202))
        advance(to: 230)
        return transport.states
    }

    private final class Recorder: TelemetryTransport {
        var states: [JSONValue] = []

        func publish(topic: String, payload: [UInt8], retain: Bool) {
            guard topic.hasSuffix("/state"), let json = try? JSONReader.parse(payload) else { return }
            states.append(json)
        }
    }

    private final class VirtualWallClock: @unchecked Sendable {
        var seconds = 1_800_000_000.0
    }
}
