import FirepumpCore
import FirepumpDaemon
import FirepumpMQTT
import FirepumpSettings
import FirepumpTestSupport
import Foundation
import Testing

/// Issue 9 item 3 (the real executable): SIGUSR2, what `firepump stop-request` sends during
/// `systemctl restart`, hands a run over to the next process: the first exits 0 leaving every
/// output as it is, the second (same state directory) requests each line at that level and goes
/// on with the same run on the original deadlines. SIGTERM stays a safe stop. Mock pins live in
/// one process, so the levels are read from each child's log of its pins and from telemetry.
@Suite("Handing a run over to a restarted process", .timeLimit(.minutes(1)))
struct HandoverProcessTests {
    static let topics = Topics(MQTTConfig(), host: hostName())
    /// A short start: valves at once, a 0.5 s crank, the engine runs from T+0.7 s.
    static let quickStart = ["PRE_OPEN_DELAY": "0.2", "IGNITION_START_DURATION": "0.5"]

    @Test("handover while RUNNING: same run, no new crank, outputs untouched, max runtime's RPM reduce at the original time")
    func handoverWhileRunning() async throws {
        // RPM reduce at MAX_ENGINE_RUNTIME − RPM_REDUCTION_LEAD = 10 s after the engine started.
        let settings = Self.quickStart.merging(["MAX_ENGINE_RUNTIME": "60", "RPM_REDUCTION_LEAD": "50", "PRIMING_DURATION": "5"]) { $1 }
        try await handOver(in: "RUNNING", settings: settings, after: .milliseconds(1500)) { first, second in
            #expect(second.pins.levels(of: .ignitionStart) == [false], "the second process cranked:\n\(second.output)")
            let reduced = try await second.observer.message(on: Self.topics.state, where: "state", is: "REDUCING_RPM", after: second.mark, within: .seconds(15))
            let late = try seconds(from: first.entered, to: reduced)
            #expect(late >= 9.7 && late < 11.0, "RPM reduce \(late) s after RUNNING began, not 10 s:\n\(second.output)")
            // A step's log lines follow its messages: wait for the line rather than read it at once.
            try await waitUntil("the phase change in the log", context: { second.output }) {
                second.output.contains("pump.from=RUNNING pump.run=1 pump.state=REDUCING_RPM")
            }
        }
    }

    @Test("handover during the ignition-off pulse: the pulse is not given again and ends at its original time")
    func handoverWhileStopping() async throws {
        let settings = Self.quickStart.merging([
            "FIRE_OFF_DELAY": "1", "RPM_REDUCTION_DURATION": "0.1", "IGNITION_OFF_DURATION": "6", "REFILL_MULTIPLIER": "2",
        ]) { $1 }
        try await handOver(in: "STOPPING", settings: settings, after: .seconds(1)) { first, second in
            let refilling = try await second.observer.message(on: Self.topics.state, where: "state", is: "REFILLING", after: second.mark, within: .seconds(15))
            let pulse = try seconds(from: first.entered, to: refilling)
            #expect(pulse >= 5.7 && pulse < 6.9, "the pulse lasted \(pulse) s, not 6 s:\n\(second.output)")
            try await waitUntil("the pulse's end in the log", context: { second.child.output }) {
                MockPinLog(second.child.output).levels(of: .ignitionOff) == [true, false]
            }
            try await waitUntil("the phase change in the log", context: { second.output }) {
                second.output.contains("pump.from=STOPPING pump.run=1 pump.state=REFILLING")
            }
        }
    }

    @Test("handover while REFILLING: the refill valve stays open, triggers stay refused, the refill ends at its original time")
    func handoverWhileRefilling() async throws {
        let settings = Self.quickStart.merging(["FIRE_OFF_DELAY": "2", "RPM_REDUCTION_DURATION": "0.1", "REFILL_MULTIPLIER": "6"]) { $1 }
        try await handOver(in: "REFILLING", settings: settings, after: .seconds(1)) { first, second in
            let duration = try #require(first.refill, "no refill_continuing before the handover")
            try second.observer.publish(Self.topics.trigger, #"{"action":"trigger"}"#)
            try await second.observer.event("trigger_blocked_refilling", on: Self.topics.telemetry, after: second.mark)
            let cooldown = try await second.observer.message(on: Self.topics.state, where: "state", is: "COOLDOWN", after: second.mark, within: .seconds(20))
            let refill = try seconds(from: first.entered, to: cooldown)
            #expect(refill >= duration - 0.3 && refill < duration + 0.9, "refilled \(refill) s, not \(duration) s:\n\(second.output)")
            #expect(second.pins.levels(of: .refillValve).first == true, "\(second.output)")
        }
    }

    @Test("SIGTERM during a run is still a stop: the ignition-off pulse, every output off, and the restart refuses triggers while refilling")
    func sigtermStillStops() async throws {
        let settings = Self.quickStart.merging(["REFILL_MULTIPLIER": "100"]) { $1 }
        let directory = try TemporaryDirectory(prefix: "sigterm")
        try await withBroker { broker, observer in
            try await withMockFirepump(port: broker.port, settings: settings, in: directory) { child, _ in
                try await Self.trigger(observer, until: "RUNNING")
                // A second of runtime owes 100 s of refill, which outlasts the restart.
                try await Task.sleep(for: .seconds(1))
                let mark = try await Self.end(child, with: SIGTERM, observer: observer)
                #expect(await !observer.actions(on: Self.topics.telemetry, after: mark).contains("handover"))
                let pins = MockPinLog(child.output)
                #expect(pins.levels(of: .ignitionOff) == [false, true, false], "no ignition-off pulse:\n\(child.output)")
                #expect(pins.last.values.allSatisfy { !$0 }, "an output left on:\n\(child.output)")
            }
            let mark = await observer.log.mark
            try await withMockFirepump(port: broker.port, settings: settings, in: directory) { child, _ in
                try await observer.event("mqtt_connected", on: Self.topics.telemetry, after: mark, within: .seconds(15))
                try observer.publish(Self.topics.trigger, #"{"action":"trigger"}"#)
                try await observer.event("trigger_blocked_refilling", on: Self.topics.telemetry, after: mark)
                #expect(MockPinLog(child.output).levels(of: .ignitionStart) == [false], "\(child.output)")
            }
        }
    }

    @Test("a handover whose state cannot be saved anywhere is a safe stop: handover_abandoned, the ignition-off pulse, every output off")
    func unsavedHandoverStops() async throws {
        let directory = try TemporaryDirectory(prefix: "unsaved")
        // Directories where both slots and the runtime copy go: no save can land anywhere.
        for name in ["state.json.0", "state.json.1", "run/state.json"] {
            try FileManager.default.createDirectory(atPath: directory.path + "/" + name, withIntermediateDirectories: true)
        }
        try await withBroker { broker, observer in
            try await withMockFirepump(port: broker.port, settings: Self.quickStart, in: directory) { child, _ in
                try await Self.trigger(observer, until: "RUNNING")
                let mark = try await Self.end(child, with: SIGUSR2, observer: observer)
                let abandoned = try await observer.event("handover_abandoned", on: Self.topics.telemetry, after: mark)
                #expect(abandoned["error"]?.stringValue?.contains("Is a directory") == true, "\(abandoned.serialized)")
                try await observer.event("shutdown_initiated", on: Self.topics.telemetry, after: mark)
                let pins = MockPinLog(child.output)
                #expect(pins.levels(of: .ignitionOff) == [false, true, false], "no ignition-off pulse:\n\(child.output)")
                #expect(pins.last.values.allSatisfy { !$0 }, "an output left on:\n\(child.output)")
            }
        }
    }

    /// What the first process did before it handed over.
    struct First {
        /// The state message that announced `phase`.
        let entered: MQTTMessage
        /// The refill duration it announced, if it refilled.
        let refill: Double?
    }

    /// What the second process is doing, read while it runs.
    struct Second {
        let child: ChildProcess
        let observer: Observer
        /// Where the observer's log stood when the second process was started.
        let mark: Int
        var output: String { child.output }
        var pins: MockPinLog { MockPinLog(child.output) }
    }

    /// Starts firepump with `settings`, triggers it, waits for `phase`, waits `delay` more and
    /// sends SIGUSR2; checks that it exits 0 with a `handover` event and no pin change after the
    /// request; then starts a second firepump on the same state directory and checks that it
    /// resumed the run in `phase` with every output requested at the level the first left it at
    /// and is connected, before it runs `body`.
    private func handOver(
        in phase: String, settings: [String: String], after delay: Duration,
        _ body: (First, Second) async throws -> Void
    ) async throws {
        let directory = try TemporaryDirectory(prefix: "handover")
        try await withBroker { broker, observer in
            var first: First?
            var left: [Output: Bool] = [:]
            try await withMockFirepump(port: broker.port, settings: settings, in: directory) { child, _ in
                let entered = try await Self.trigger(observer, until: phase)
                try await Task.sleep(for: delay)
                let mark = try await Self.end(child, with: SIGUSR2, observer: observer)
                let handover = try await observer.event("handover", on: Self.topics.telemetry, after: mark)
                #expect(handover["state"]?.stringValue == phase && handover["run"] == .number(1), "\(handover.serialized)")
                let output = child.output
                let request = try #require(output.range(of: "SIGUSR2"), "no SIGUSR2 in the log:\n\(output)")
                #expect(!output[request.upperBound...].contains("mock pin changed"), "a pin changed after the handover request:\n\(output)")
                left = MockPinLog(output).last
                #expect(Set(left.filter(\.value).keys.map(\.rawValue)) == Self.reported(handover), "\(handover.serialized)\n\(output)")
                let refill = await observer.log.messages().compactMap(\.json).first { $0["action"]?.stringValue == "refill_continuing" }
                first = First(entered: entered, refill: refill?["duration"]?.numberValue)
            }
            let mark = await observer.log.mark
            try await withMockFirepump(port: broker.port, settings: settings, in: directory) { child, _ in
                // Published at boot, before there is an MQTT client: the log has it at once, the
                // broker gets it once the client is set up, ahead of `mqtt_connected`.
                try await waitUntil("recovered_after_restart in the log", within: .seconds(15), context: { child.output }) {
                    child.output.split(separator: "\n").contains { $0.contains("event=recovered_after_restart") && $0.contains(phase) }
                }
                try await observer.event("mqtt_connected", on: Self.topics.telemetry, after: mark, within: .seconds(15))
                let events = await observer.actions(on: Self.topics.telemetry, after: mark)
                let recovered = try #require(events.firstIndex(of: "recovered_after_restart"), "not published: \(events)\n\(child.output)")
                #expect(recovered < events.firstIndex(of: "mqtt_connected")!, "\(events)")
                let message = await observer.log.messages(after: mark).compactMap(\.json).first { $0["action"]?.stringValue == "recovered_after_restart" }
                #expect(message?["previous_state"]?.stringValue == phase, "\(message?.serialized ?? "")")
                let state = try await observer.log.firstMessage(on: Self.topics.state, after: mark)
                #expect(state.json?["state"]?.stringValue == phase, "\(state.json?.serialized ?? "")")
                let resumed = MockPinLog(child.output).first
                #expect(resumed == left, "requested at \(resumed), left at \(left):\n\(child.output)")
                try await body(try #require(first), Second(child: child, observer: observer, mark: mark))
            }
        }
    }

    /// Waits until the child is connected, triggers it and waits for the state message of `phase`.
    @discardableResult
    private static func trigger(_ observer: Observer, until phase: String) async throws -> MQTTMessage {
        try await observer.event("mqtt_connected", on: topics.telemetry, after: 0, within: .seconds(15))
        try observer.publish(topics.trigger, #"{"action":"trigger"}"#)
        return try await observer.message(on: topics.state, where: "state", is: phase, after: 0, within: .seconds(15))
    }

    /// Sends `signal` to `child` and checks that it exits 0; the observer's mark from just before.
    private static func end(_ child: ChildProcess, with signal: Int32, observer: Observer) async throws -> Int {
        let mark = await observer.log.mark
        child.send(signal)
        let ending = try await child.waitForEnd()
        #expect(ending == .exited(0), "\(ending?.description ?? "still running"):\n\(child.output)")
        return mark
    }

    /// The outputs an event's `system_state` reports on, named as ``Output``'s raw values.
    private static func reported(_ event: JSONValue) -> Set<String> {
        let system = event["system_state"] ?? .null
        let names: [(String, Output)] = [
            ("main_valve", .mainValve), ("ignition_start", .ignitionStart), ("engine_on", .ignitionOn), ("ignition_off", .ignitionOff),
            ("refill_valve", .refillValve), ("priming_valve", .primingValve), ("rpm_reduced", .rpmReduce),
        ]
        return Set(names.filter { system[$0.0] == .bool(true) }.map(\.1.rawValue))
    }

    /// Seconds between the daemon's timestamps of two messages.
    private func seconds(from start: MQTTMessage, to end: MQTTMessage) throws -> Double {
        let stamps = try [start, end].map { message in
            try #require(message.json?["timestamp"]?.stringValue.flatMap(iso8601Date), "no timestamp in \(message.json?.serialized ?? "")")
        }
        return stamps[1].timeIntervalSince(stamps[0])
    }
}
