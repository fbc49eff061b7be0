import FirepumpCore
import FirepumpHAL
import FirepumpRuntime
import FirepumpSettings
import Foundation
import Logging
import Synchronization
import Testing

/// Issue 11 item 4: the controller loop on a virtual clock, with explicit instants.
@Suite("The controller loop")
struct ControllerLoopTests {
    static let topics = Topics(MQTTConfig(), host: "test-host")
    static let trigger = message(topics.trigger, "trigger")
    static let shutdown = LoopInput.event(.shutdown(keepRunning: false))

    static func message(_ topic: String, _ payload: String) -> LoopInput {
        .message(topic: topic, payload: Array(payload.utf8), retained: false)
    }

    static func command(_ word: String) -> LoopInput { message(topics.emergency, word) }

    @Test("deadlines fire at their instant; the loop re-arms to an earlier deadline, then a later one")
    func deadlinesAndRearming() throws {
        let clock = ScriptedClock([(1, Self.trigger), (1.5, Self.command("stop")), (10, Self.shutdown)])
        let rig = try LoopRig(clock: clock, settings: ["IGNITION_OFF_DURATION": "0.2"])
        rig.loop.run(rig.controller)

        // Idle: the health report at 60. PRIMING: cranking at 1 + PRE_OPEN_DELAY. The stop: the
        // end of the ignition-off pulse, earlier. LOCKOUT: back to the health report, later.
        #expect(clock.waits == [60, 3, 1.7, 60].map { Instant(seconds: $0) })
        #expect(rig.phases.map(\.phase) == [.priming, .stopping, .lockout])
        #expect(rig.phases.map(\.at) == [1, 1.5, 1.7])
        let pulse = rig.pins.history.filter { $0.line == 25 }.map { "\($0.level) \($0.time)" }
        #expect(pulse == ["low 0.0", "high 1.5", "low 1.7"])
        #expect(clock.now == Instant(seconds: 10), "the shutdown in LOCKOUT ends the loop at once")
    }

    @Test("with no input, the next deadline is handled at exactly its instant")
    func deadlineWithoutInput() throws {
        let clock = ScriptedClock([(1, Self.trigger), (4, Self.shutdown)])
        let rig = try LoopRig(clock: clock, settings: ["PRE_OPEN_DELAY": "2.25"])
        rig.loop.run(rig.controller)
        let ignitionOn = try #require(rig.pins.history.first { $0.line == 23 && $0.level == .high }, "\(rig.pins.history)")
        #expect(ignitionOn.time == 3.25)
        #expect(rig.phases.first { $0.phase != .priming }?.at == 3.25)
    }

    @Test("a burst: commands first, in their order; consecutive triggers coalesced; edges and triggers keep their order")
    func burst() throws {
        let low = LoopInput.event(.inputChanged(.linePressure, active: false))
        let clock = ScriptedClock([
            (1, Self.trigger), (1, Self.trigger), (1, Self.trigger), (1, low), (1, Self.trigger), (1, Self.trigger),
            (1, Self.command("stop")), (1, Self.command("bogus")), (1, Self.command("reset")),
            (30, Self.shutdown),
        ])
        let rig = try LoopRig(clock: clock, settings: ["LINE_PRESSURE_PIN": "20", "IGNITION_OFF_DURATION": "0.2"])
        rig.loop.run(rig.controller)

        let actions = rig.transport.actions
        let stop = try #require(actions.firstIndex(of: "emergency_stop"), "\(actions)")
        let unknown = try #require(actions.firstIndex(of: "emergency_command_unknown"), "\(actions)")
        let reset = try #require(actions.firstIndex(of: "emergency_reset"), "\(actions)")
        let start = try #require(actions.firstIndex(of: "pump_sequence_start"), "\(actions)")
        #expect(stop < unknown && unknown < reset && reset < start, "\(actions)")
        // Five triggers in two runs (split by the edge): two handled, three coalesced.
        #expect(rig.loop.counters == InboxCounters(dropped: 0, coalescedTriggers: 3))
        #expect(actions.filter { $0 == "pump_sequence_start" }.count == 1, "\(actions)")
        #expect(rig.phases.first?.phase == .lockout, "the stop was handled before any trigger: \(rig.phases)")
    }

    @Test("a full lane: an arriving entry replaces a queued refusal or is dropped; drops are counted and logged")
    func fullQueue() throws {
        let inbox = LoopInbox(topics: Self.topics, urgentCapacity: 2, ordinaryCapacity: 3)
        let low = LoopInput.event(.inputChanged(.linePressure, active: false))
        let ok = LoopInput.event(.inputChanged(.linePressure, active: true))
        let clock = ScriptedClock([
            (1, Self.message(Self.topics.trigger, "stop")),  // refused: "a command, not a trigger"
            (1, Self.trigger), (1, low),
            (1, ok),  // full: takes the refusal's place (1 dropped)
            (1, low),  // full, no refusal left: dropped (2)
            (1, Self.command("valve_open")), (1, Self.command("valve_close")),
            (1, Self.command("reset")),  // urgent lane full: dropped (3)
            (20, Self.shutdown),
        ])
        let rig = try LoopRig(clock: clock, settings: ["LINE_PRESSURE_PIN": "20"], inbox: inbox)
        rig.loop.run(rig.controller)

        #expect(rig.loop.counters.dropped == 3)
        let actions = rig.transport.actions
        #expect(!actions.contains("trigger_ignored"), "\(actions)")
        #expect(!actions.contains("emergency_reset"), "\(actions)")
        #expect(actions.contains("emergency_valve_open") && actions.contains("pump_sequence_start"), "\(actions)")
        let warnings = rig.log.entries.filter { $0.level == .warning }
        #expect(warnings.count == 1)
        #expect(warnings.first?.message.contains("dropped") == true)
        #expect(warnings.first?.metadata["inbox.dropped"] == "3")
        let published = try #require(rig.transport.publishes.first { $0.payload["action"] == "inbound_messages_dropped" })
        #expect(published.payload["count"] == 3)
    }

    @Test("a shutdown during a run ends the loop once the ignition-off pulse is over, not before")
    func shutdownEndsLoop() throws {
        let clock = ScriptedClock([(1, Self.trigger), (2, Self.shutdown), (50, Self.trigger)])
        let rig = try LoopRig(clock: clock, settings: ["IGNITION_OFF_DURATION": "0.5"])
        rig.loop.run(rig.controller)
        #expect(clock.now == Instant(seconds: 2.5))
        #expect(rig.controller.readyToExit)
        #expect(rig.transport.actions.contains("controller_shutdown"), "\(rig.transport.actions)")
        #expect(!rig.transport.actions.contains("trigger_ignored"), "the loop went on after it could exit")
    }

    @Test("housekeeping runs when the loop is idle and at the instant it asked for")
    func housekeeping() throws {
        let clock = ScriptedClock([(10, Self.trigger), (20, Self.shutdown)])
        let rig = try LoopRig(clock: clock, settings: ["PRE_OPEN_DELAY": "60"])
        let calls = Mutex<[Double]>([])
        rig.loop.run(rig.controller) { now in
            calls.withLock { $0.append(now.seconds) }
            return now + 7
        }
        // Idle at 0, due at 7, idle after the trigger at 10, due at 17, idle after the shutdown at 20
        // (the ignition-off pulse still runs).
        #expect(calls.withLock { $0 } == [0, 7, 10, 17, 20])
    }
}

extension ControllerLoopTests {
    @Test("a trigger handed over while the loop waits is handled by the handing thread before it returns; its deadline re-plans the wait")
    func handOverWhileWaiting() throws {
        let clock = ScriptedClock([(10, Self.shutdown)], handOvers: [(1, Self.trigger)])
        let rig = try LoopRig(clock: clock, settings: ["PRE_OPEN_DELAY": "2", "IGNITION_OFF_DURATION": "0.2"])
        let seen = Mutex<[(turns: Int, phase: Phase?)]>([])
        clock.handOver { [loop = rig.loop, phases = rig.phaseLog] input in
            loop.queue(input)
            let turns = loop.handleQueued()
            seen.withLock { $0.append((turns, phases.entries.last?.phase)) }
        }
        rig.loop.run(rig.controller)

        let handOver = try #require(seen.withLock { $0.first })
        #expect(handOver.turns == 1)
        #expect(handOver.phase == .priming, "handled before handleQueued returned")
        // Idle until the health report at 60; the hand-over armed the crank at 3, earlier: the
        // loop's thread was woken and waits for 3 next.
        #expect(Array(clock.waits.prefix(2)) == [60, 3].map { Instant(seconds: $0) })
        #expect(rig.phases.first { $0.phase == .starting }?.at == 3)
    }

    @Test("an input handed over while another thread holds the controller is left to the loop's thread, which handles it next")
    func handOverWhileBusy() throws {
        let clock = ScriptedClock([(1, Self.trigger), (10, Self.shutdown)])
        let rig = try LoopRig(clock: clock, settings: ["PRE_OPEN_DELAY": "60", "IGNITION_OFF_DURATION": "0.2"])
        let turns = Mutex<[Int]>([])
        // Inside the trigger's first publish the loop's thread holds the controller.
        rig.transport.onPublish = { [loop = rig.loop] in
            guard turns.withLock({ $0.isEmpty }) else { return }
            loop.queue(Self.command("stop"))
            turns.withLock { $0.append(loop.handleQueued()) }
        }
        rig.loop.run(rig.controller)
        #expect(turns.withLock { $0 } == [0])
        #expect(rig.phases.map(\.phase).prefix(2) == [.priming, .stopping])
        #expect(rig.phases.map(\.at).prefix(2) == [1, 1], "the loop's thread took the stop in its next turn")
    }

    @Test("on its own thread, named firepump-loop, the loop runs until the shutdown and then returns")
    func ownThread() async throws {
        let clock = ScriptedClock([(1, Self.trigger), (2, Self.shutdown)])
        let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        let loop = ControllerLoop(topics: Self.topics, clock: clock, logger: quiet)
        let controller = PumpController(
            config: try PumpSettings.parse(["IGNITION_OFF_DURATION": "0.5"]).config, topics: Self.topics, pins: MockPinDriver(), transport: nil, store: nil,
            environment: .init(host: "test-host", wallClock: { 1_800_000_000 }, mockPins: true, logger: quiet))
        try controller.start(at: .zero, onEdge: loop.edgeSink)
        let names = Mutex<Set<String>>([])
        await loop.runOnOwnThread(controller) { _ in
            let name = (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? "?"
            names.withLock { _ = $0.insert(name.trimmingCharacters(in: .whitespacesAndNewlines)) }
            return nil
        }
        #expect(names.withLock { $0 } == ["firepump-loop"])
        #expect(clock.now == Instant(seconds: 2.5), "ended after the ignition-off pulse of the run's shutdown")
    }
}

/// The inbox on its own: lanes, coalescing and counting.
@Suite("The controller's inbox")
struct LoopInboxTests {
    @Test("only consecutive triggers coalesce; an edge between two keeps both")
    func coalescing() {
        let inbox = LoopInbox(topics: ControllerLoopTests.topics)
        for _ in 0..<1000 { inbox.send(ControllerLoopTests.trigger) }
        inbox.send(.event(.inputChanged(.linePressure, active: false)))
        inbox.send(ControllerLoopTests.trigger)
        #expect(inbox.counters == InboxCounters(dropped: 0, coalescedTriggers: 999))
    }

    @Test("50,000 triggers and then a stop: nothing dropped, the stop queued ahead of the one trigger left")
    func flood() {
        let inbox = LoopInbox(topics: ControllerLoopTests.topics)
        for _ in 0..<50_000 { inbox.send(ControllerLoopTests.trigger) }
        inbox.send(ControllerLoopTests.command("stop"))
        #expect(inbox.counters == InboxCounters(dropped: 0, coalescedTriggers: 49_999))
        #expect(!inbox.isEmpty)
    }
}
