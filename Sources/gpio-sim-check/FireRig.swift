import FirepumpCore
import FirepumpGPIOD
import FirepumpHAL
import FirepumpRuntime
import FirepumpSettings
import FirepumpTestSupport
import Logging

/// The real `PumpController` on a `GPIODPinDriver` on the gpio-sim chip, on a virtual clock: the
/// controller is given explicit instants and ticked at each of its deadlines, so a half-hour run
/// takes milliseconds. Relays are read back from the kernel through gpio-sim's `value`; inputs
/// are moved through its `pull`, and their edges come from the driver's reader thread.
///
/// Not thread-safe: one check owns it, as one task owns the controller in the daemon.
final class FireRig {
    /// How long an input edge may take from the `pull` write to the reader thread (TCG guest).
    static let edgeDeadline = 2.0

    let config: PumpConfig
    let controller: PumpController
    /// The `action` of every telemetry event published so far.
    let telemetry: TelemetryLog
    private let driver: GPIODPinDriver
    private let probe: GPIOSimProbe
    private let chip: String
    private let inbox = EdgeInbox()
    /// The controller's current instant.
    private(set) var now = Instant.zero

    /// Opens the chip and makes a controller from `settings` over the defaults, with a memory
    /// state store. The wall clock stands still: only timestamps and persistence read it.
    init(_ options: CheckOptions, settings: [String: String]) throws {
        let settings = try DaemonSettings.parse(settings).config
        let config = settings.pump
        let driver = try GPIODPinDriver(chip: options.chip)
        let telemetry = TelemetryLog()
        self.config = config
        self.driver = driver
        self.telemetry = telemetry
        chip = options.chip
        probe = GPIOSimProbe(directory: options.simDirectory)
        controller = PumpController(
            config: config, topics: Topics(settings.mqtt, host: "gpio-sim"), pins: driver, transport: telemetry, store: MemoryStateStore(),
            environment: .init(host: "gpio-sim", wallClock: { 1_800_000_000 }, mockPins: false,
                               logger: Logger(label: "fire-run", factory: { _ in SwiftLogNoOpLogHandler() })))
    }

    var phase: Phase { controller.machine.state.phase }

    /// The debounced level of every fitted input, as the controller acts on it.
    var inputs: [InputRole: Bool] {
        Dictionary(uniqueKeysWithValues: InputRole.allCases.compactMap { role in controller.machine.inputs[role].map { (role, $0.stable) } })
    }

    /// Requests every line and boots the controller at the current instant, as the daemon does.
    func start() throws {
        try controller.start(at: now, onEdge: inbox.sink)
    }

    /// A fire trigger as `fire_consensus` sends it: `{"action":"trigger"}` on the trigger topic.
    func trigger() {
        controller.handleMessage(
            topic: controller.topics.trigger, payload: Array(#"{"action":"trigger"}"#.utf8), retained: false, at: now)
    }

    /// An operator command (`reset`, `stop`, …) on the emergency topic.
    func command(_ word: String) {
        controller.handleMessage(topic: controller.topics.emergency, payload: Array(word.utf8), retained: false, at: now)
    }

    /// Ticks the controller at each of its deadlines up to `seconds`, then moves the clock there.
    func advance(to seconds: Double) throws {
        while let next = controller.nextDeadline, next.seconds <= seconds { try tick(next) }
        now = Instant(seconds: seconds)
    }

    /// Ticks the controller at each of its deadlines until it enters `phase`, which must happen
    /// exactly at `seconds` (the configured timers), neither earlier nor later.
    func advance(until phase: Phase, at seconds: Double) throws {
        while self.phase != phase, let next = controller.nextDeadline, next.seconds <= seconds { try tick(next) }
        try require(self.phase == phase && now.seconds == seconds,
                    "expected \(phase.rawValue) at \(seconds) s, the pump is \(self.phase.rawValue) at \(now.seconds) s")
    }

    private func tick(_ instant: Instant) throws {
        try requireNoStrayEdges()
        now = instant
        controller.handle(.tick, at: instant)
    }

    /// Moves an input through gpio-sim's `pull` to the electrical level that means `active` under
    /// the configured polarity, waits for the driver's reader thread to report that change (and
    /// nothing else), and hands it to the controller at the current instant.
    func drive(_ role: InputRole, active: Bool) throws {
        let pin = config.inputs[role]
        guard let line = pin.line else {
            throw ContractFailure("\(role.rawValue) is not fitted")
        }
        try requireNoStrayEdges()
        try probe.driveInput(line: line, to: ElectricalLevel(active: active, activeLow: pin.activeLow))
        guard let event = inbox.next(timeout: Self.edgeDeadline) else {
            throw ContractFailure("no edge from \(role.rawValue) (line \(line)) within \(Self.edgeDeadline) s")
        }
        try require(event == .inputChanged(role, active: active),
                    "moving \(role.rawValue) (line \(line)) to \(active ? "active" : "inactive") reported \(event)")
        controller.handle(event, at: now)
    }

    private func requireNoStrayEdges() throws {
        let stray = inbox.pending
        try require(stray.isEmpty, "at \(now.seconds) s the driver reported input changes nobody made: \(stray)")
    }

    /// Requires the pump in `phase` with exactly the outputs in `on` active: both as the
    /// controller commands them and as the kernel's lines carry them (through the configured
    /// polarity) in gpio-sim's `value`.
    func expectRelays(_ phase: Phase, on: Set<Output>) throws {
        try require(self.phase == phase, "at \(now.seconds) s the pump is \(self.phase.rawValue), expected \(phase.rawValue)")
        var wrong: [String] = []
        for output in Output.allCases {
            let pin = config.outputs[output]
            let active = on.contains(output)
            let expected = ElectricalLevel(active: active, activeLow: pin.activeLow)
            let level = try probe.outputLevel(line: pin.line)
            let commanded = controller.machine.state.outputs[output]
            if level != expected || commanded != active {
                wrong.append("\(output.rawValue) (line \(pin.line)\(pin.activeLow ? ", active-low" : "")) carries \(level), "
                             + "commanded \(commanded ? "on" : "off"), expected \(active ? "on" : "off") (\(expected))")
            }
        }
        try require(wrong.isEmpty, "in \(phase.rawValue) at \(now.seconds) s: \(wrong.joined(separator: "; "))")
    }

    /// After a run: no pin write failed, no stray edge came; the lines go back to the kernel as
    /// at the daemon's exit, and a new driver gets every one of them.
    func releaseAndCheck() throws {
        try require(!telemetry.actions.contains("gpio_operation_failed"), "a pin write failed: \(telemetry.actions)")
        try requireNoStrayEdges()
        driver.releaseAll()
        let lines = Output.allCases.map { config.outputs[$0].line } + InputRole.allCases.compactMap { config.inputs[$0].line }
        let next = try GPIODPinDriver(chip: chip)
        for line in lines.sorted() {
            try next.requestOutput(OutputRequest(line: line, initiallyActive: false, activeLow: false, consumer: "after-fire-run"))
        }
    }
}
