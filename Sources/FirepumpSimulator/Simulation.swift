import FirepumpCore
import FirepumpHAL
import FirepumpRuntime
import FirepumpSettings
import Logging
import Synchronization

/// Runs a scenario through the real controller (state machine, effect runner, mock pins, MQTT
/// message handling) on a virtual clock, jumping straight from one event or deadline to the
/// next: a 20-hour scenario costs as many steps as it has events and deadlines.
public final class Simulation {
    /// The host name the simulated controller reports.
    public static let host = "firepump-sim"

    public let scenario: Scenario
    /// The pump's configuration.
    public let config: PumpConfig
    /// The simulated controller's topics (`TOPIC_PREFIX` and the topic settings applied).
    public let topics: Topics
    public private(set) var timeline: [TimelineEntry] = []
    public private(set) var inputSamples: [InputSample] = []

    private let clock = VirtualClock()
    private lazy var recorder = Recorder(clock: clock)
    private let pendingEdges = EdgeInbox()
    private var store = MemoryStateStore(bootID: "simulated-boot-0")
    private var boots = 0
    private var mock: MockPinDriver!
    private var controller: PumpController!

    /// Prepares a run. `settings` must already include the scenario's.
    public init(scenario: Scenario, settings: DaemonConfig) {
        self.scenario = scenario
        self.config = settings.pump
        self.topics = Topics(settings.mqtt, host: Self.host)
    }

    /// Runs the whole scenario and returns the timeline, ending with the `end` line.
    public func run() throws(PinDriverError) -> [TimelineEntry] {
        let config = self.config
        let lineToOutput = Dictionary(uniqueKeysWithValues: Output.allCases.map { (config.outputs[$0].line, $0) })
        let safeLevels = Dictionary(uniqueKeysWithValues: Output.allCases.map {
            (config.outputs[$0].line, ElectricalLevel(active: false, activeLow: config.outputs[$0].activeLow))
        })
        mock = MockPinDriver(
            timeSource: { [clock] in clock.now }, powerOnLevels: safeLevels,
            onOutputChange: { [clock, recorder] line, level in
                guard let output = lineToOutput[line] else { return }
                let on = level.isActive(activeLow: config.outputs[output].activeLow)
                recorder.append(TimelineEntry(t: clock.now, kind: .pin(line: line, output: output, on: on, level: level.rawValue)))
            })
        // Inputs start at their pull's level unless an event at 0 sets them.
        for event in scenario.events where event.at == 0 {
            if case .input(let pin, let level) = event.happening { mock.setInputLevel(line: pin, ElectricalLevel(rawValue: level)) }
        }
        try startController(at: 0)
        sampleInputs(at: 0)
        for event in scenario.events where event.at <= scenario.duration {
            advance(to: event.at)
            try apply(event.happening, at: event.at)
        }
        advance(to: scenario.duration)
        recorder.append(TimelineEntry(t: scenario.duration, kind: .end(phase: controller.machine.state.phase, outputs: controller.machine.state.outputs)))
        timeline = recorder.entries
        return timeline
    }

    private func startController(at t: Double) throws(PinDriverError) {
        let start = scenario.clock
        let environment = PumpController.Environment(
            host: Self.host, wallClock: { [clock] in start.epochAtStart + clock.now }, mockPins: true,
            logger: Logger(label: "firepump.simulate", factory: { _ in SwiftLogNoOpLogHandler() }),
            utcOffset: { _ in start.utcOffset })
        controller = PumpController(
            config: config, topics: topics, pins: mock, transport: recorder, store: store, environment: environment,
            onPhaseChange: { [clock, recorder] from, to in
                recorder.append(TimelineEntry(t: clock.now, kind: .state(from: from, to: to)))
            })
        try controller.start(at: Instant(seconds: t)) { [pendingEdges] role, active in
            pendingEdges.post(role, active)
        }
        controller.connected(at: Instant(seconds: t))
    }

    /// Handles every deadline up to and including `t`, in time order.
    private func advance(to t: Double) {
        while let next = controller.nextDeadline, next.seconds <= t {
            setClock(next.seconds)
            controller.handle(.tick, at: next)
        }
        setClock(t)
    }

    private func apply(_ happening: Scenario.Happening, at t: Double) throws(PinDriverError) {
        let now = Instant(seconds: t)
        switch happening {
        case .mqtt(let topic, let payload, let retain):
            controller.handleMessage(topic: topic, payload: Array(payload.utf8), retained: retain, at: now)
        case .input(let pin, let level):
            mock.setInputLevel(line: pin, ElectricalLevel(rawValue: level))
            sampleInputs(at: t)
            for (role, active) in pendingEdges.take() {
                controller.handle(.inputChanged(role, active: active), at: now)
            }
        case .restart:
            // Killed: no shutdown handlers run. Lines are freed, relays keep their levels.
            mock.releaseAll()
            try startController(at: t)
        case .reboot:
            // The machine restarts: the relay board loses its drive; a new boot id.
            mock.powerCycle()
            boots += 1
            store = MemoryStateStore(bytes: store.bytes, bootID: "simulated-boot-\(boots)")
            try startController(at: t)
        }
    }

    private func setClock(_ t: Double) { clock.now = t }

    private func sampleInputs(at t: Double) {
        for role in InputRole.allCases {
            guard let line = config.inputs[role].line, let level = mock.electricalLevel(line: line) else { continue }
            if inputSamples.last(where: { $0.role == role })?.level != level.rawValue {
                inputSamples.append(InputSample(t: t, role: role, level: level.rawValue))
            }
        }
    }
}

/// Input changes the mock delivered during a step, handed to the controller after it.
final class EdgeInbox: Sendable {
    private let edges = Mutex<[(InputRole, Bool)]>([])

    func post(_ role: InputRole, _ active: Bool) { edges.withLock { $0.append((role, active)) } }

    func take() -> [(InputRole, Bool)] {
        edges.withLock { edges in
            defer { edges.removeAll() }
            return edges
        }
    }
}

/// The simulation's virtual time, readable from the mock driver's time source.
final class VirtualClock: Sendable {
    private let seconds = Mutex(0.0)

    var now: Double {
        get { seconds.withLock { $0 } }
        set { seconds.withLock { $0 = newValue } }
    }
}

/// The in-process stand-in for the broker, and the timeline's collector.
final class Recorder: TelemetryTransport, Sendable {
    private let lines = Mutex<[TimelineEntry]>([])
    private let clock: VirtualClock

    init(clock: VirtualClock) { self.clock = clock }

    var entries: [TimelineEntry] { lines.withLock { $0 } }

    func append(_ entry: TimelineEntry) {
        lines.withLock { $0.append(entry) }
    }

    func publish(topic: String, payload: [UInt8], retain: Bool) {
        let parsed = (try? JSONReader.parse(payload)) ?? .string(String(decoding: payload, as: UTF8.self))
        append(TimelineEntry(t: clock.now, kind: .publish(topic: topic, retain: retain, payload: parsed)))
    }
}
