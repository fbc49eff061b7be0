import FirepumpCore
import FirepumpHAL
import FirepumpRuntime
import FirepumpSettings
import Logging
import Synchronization

/// Records publishes like a broker would.
final class RecordingTransport: TelemetryTransport {
    struct Publish {
        var topic: String
        var payload: JSONValue
        var retain: Bool
    }

    private(set) var publishes: [Publish] = []
    /// At each ``flush()``: how many messages had been published.
    private(set) var flushes: [Int] = []
    /// Called after each publish is recorded.
    var onPublish: () -> Void = {}

    func publish(topic: String, payload: [UInt8], retain: Bool) {
        publishes.append(Publish(topic: topic, payload: (try? JSONReader.parse(payload)) ?? .null, retain: retain))
        onPublish()
    }

    func flush() {
        flushes.append(publishes.count)
    }

    /// The `action` of every telemetry event, in order.
    var actions: [String] { publishes.compactMap { $0.payload["action"]?.stringValue } }
}

/// A wall clock the test moves by hand.
final class ManualWallClock: Sendable {
    private let seconds = Mutex(1_800_000_000.0)
    var now: Double {
        get { seconds.withLock { $0 } }
        set { seconds.withLock { $0 = newValue } }
    }
}

/// A controller on the mock driver with a recording transport and a memory store.
struct Bench {
    let pins: MockPinDriver
    let transport = RecordingTransport()
    let store: any StateStore
    let wall: ManualWallClock
    let controller: PumpController
    /// The wall-clock time at monotonic t = 0 of this process.
    let wallAtZero: Double

    init(settings: [String: String] = [:], pins: MockPinDriver = MockPinDriver(), store: any StateStore = MemoryStateStore(),
         history: (any HistoryStore)? = nil, wall: ManualWallClock = ManualWallClock()) throws {
        self.pins = pins
        self.store = store
        self.wall = wall
        wallAtZero = wall.now
        let settings = try DaemonSettings.parse(settings).config
        controller = PumpController(
            config: settings.pump, topics: Topics(settings.mqtt, host: "test-host"), pins: pins, transport: transport, store: store, history: history,
            environment: .init(host: "test-host", wallClock: { wall.now }, mockPins: true,
                               logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })))
    }

    /// Handles deadlines up to `t` in order (virtual time); the wall clock moves along.
    func advance(to t: Double) {
        while let next = controller.nextDeadline, next.seconds <= t {
            wall.now = wallAtZero + next.seconds
            controller.handle(.tick, at: next)
        }
        wall.now = wallAtZero + t
    }

    func level(_ line: Int) -> ElectricalLevel? { pins.electricalLevel(line: line) }
}
