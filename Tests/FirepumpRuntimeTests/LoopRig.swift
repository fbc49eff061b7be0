import FirepumpCore
import FirepumpHAL
import FirepumpRuntime
import FirepumpSettings
import Logging
import Synchronization

/// A ``ControllerLoop`` on a ``ScriptedClock`` driving a started controller on the mock driver
/// with a recording transport; pin changes and phase changes are stamped with the clock's instant.
struct LoopRig {
    let clock: ScriptedClock
    let pins: MockPinDriver
    let transport = RecordingTransport()
    let controller: PumpController
    let loop: ControllerLoop
    let log: LogRecorder
    let phaseLog: PhaseLog

    init(clock: ScriptedClock, settings: [String: String] = [:], inbox: LoopInbox? = nil) throws {
        self.clock = clock
        pins = MockPinDriver(timeSource: { clock.now.seconds })
        let settings = try DaemonSettings.parse(settings).config
        let topics = Topics(settings.mqtt, host: "test-host")
        let phaseLog = PhaseLog()
        self.phaseLog = phaseLog
        let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        controller = PumpController(
            config: settings.pump, topics: topics, pins: pins, transport: transport, store: MemoryStateStore(),
            environment: .init(host: "test-host", wallClock: { 1_800_000_000 + clock.now.seconds }, mockPins: true, logger: quiet),
            onPhaseChange: { _, to in phaseLog.append(to, at: clock.now) })
        log = LogRecorder()
        loop = ControllerLoop(
            topics: topics, clock: clock, inbox: inbox,
            logger: Logger(label: "loop", factory: { [log] _ in log }))
        try controller.start(at: clock.now, onEdge: loop.edgeSink)
    }

    /// Every phase entered, with the instant.
    var phases: [(phase: Phase, at: Double)] { phaseLog.entries }
}

/// Phase changes in order.
final class PhaseLog: Sendable {
    private let storage = Mutex<[(phase: Phase, at: Double)]>([])
    func append(_ phase: Phase, at instant: Instant) { storage.withLock { $0.append((phase, instant.seconds)) } }
    var entries: [(phase: Phase, at: Double)] { storage.withLock { $0 } }
}

/// A log handler that keeps every line (level and message) for the test to read.
struct LogRecorder: LogHandler {
    private let box: Box
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    init() {
        box = Box()
    }

    final class Box: Sendable {
        let lines = Mutex<[(level: Logger.Level, message: String, metadata: Logger.Metadata)]>([])
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        box.lines.withLock { $0.append((event.level, "\(event.message)", event.metadata ?? [:])) }
    }

    /// Every line logged so far.
    var entries: [(level: Logger.Level, message: String, metadata: Logger.Metadata)] { box.lines.withLock { $0 } }
}
