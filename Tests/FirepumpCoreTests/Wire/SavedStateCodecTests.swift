import FirepumpCore
import Testing

@Suite("The state record format")
struct SavedStateCodecTests {
    static let wall = ClockReading(monotonic: .zero, wall: WallInstant(secondsSinceEpoch: 1_800_000_000))

    /// A state with every field set to something other than its default.
    static var everyField: PumpState {
        var state = PumpState()
        state.phase = .reducingRPM
        state.run = 12
        for output in Output.allCases { state.outputs[output] = true }
        for (index, kind) in DeadlineKind.allCases.enumerated() {
            state.deadlines[kind] = Deadline(at: Instant(seconds: 10.25 + Double(index)), run: 12)
        }
        state.stopReason = .maxRuntime
        state.pendingLatch = .error(.dryRun)
        state.errorReason = .lowPressure
        state.runtimeBeforeReboot = 612.5
        state.engineAliveAt = Instant(seconds: -20.5)
        state.runningSince = Instant(seconds: -100.5)
        state.cranking = true
        state.crankAttempts = 2
        state.pressureWatched = true
        state.lastTriggerAt = Instant(seconds: -3)
        state.engineStoppedAt = Instant(seconds: -7.125)
        state.lastRunDuration = 1.0 / 3
        state.engineStartedAtAttempt = 1
        state.totalRuntime = 123_456.789
        state.exerciseDue = Instant(seconds: 86_400.5)
        state.lastExerciseSlot = Instant(seconds: -518_400)
        state.exercising = true
        state.exerciseFault = .alarm(.batteryLow)
        state.failedExercise = .stopped(.failToStart)
        return state
    }

    @Test("CRC-32 is the IEEE one")
    func crc() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([]) == 0)
    }

    @Test("every field of PumpState round-trips, with sequence, boot id and save time")
    func roundTrip() throws {
        #expect(Mirror(reflecting: PumpState()).children.count == 23, "a new PumpState field needs a place in SavedState and the codec")
        for latch in [Latch.lockout, .error(.failToStart), nil] {
            var state = Self.everyField
            state.pendingLatch = latch
            let saved = SavedState(state, clock: Self.wall)
            let record = StateRecord(sequence: 41, bootID: "0f4c-boot", state: saved)
            let decoded = try SavedStateCodec.decode(SavedStateCodec.encode(record))
            #expect(decoded == record)
            #expect(decoded.state.restored(clock: Self.wall) == state)
        }
        let empty = StateRecord(sequence: 0, bootID: nil, state: SavedState(PumpState(), clock: Self.wall))
        #expect(try SavedStateCodec.decode(SavedStateCodec.encode(empty)) == empty)
    }

    @Test("a record carries the run history's ledger as its optional \"ledger\" member; without one it reads as nil")
    func ledger() throws {
        #expect(Mirror(reflecting: StateRecord(sequence: 0, bootID: nil, state: SavedState(PumpState(), clock: Self.wall))).children.count == 4,
                "a new StateRecord field needs a place in the codec")
        let ledger = HistoryCodecTests.everyLedgerField
        let record = StateRecord(sequence: 7, bootID: "b", state: SavedState(Self.everyField, clock: Self.wall), ledger: ledger)
        let bytes = SavedStateCodec.encode(record)
        #expect(try SavedStateCodec.decode(bytes) == record)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains(#","ledger":"# + HistoryCodec.ledgerPayload(ledger).serialized + "}\ncrc32 "))
        let without = StateRecord(sequence: 7, bootID: "b", state: SavedState(Self.everyField, clock: Self.wall))
        #expect(!String(decoding: SavedStateCodec.encode(without), as: UTF8.self).contains("ledger"))
        #expect(try SavedStateCodec.decode(SavedStateCodec.encode(without)).ledger == nil)
        let empty = StateRecord(sequence: 8, bootID: nil, state: SavedState(PumpState(), clock: Self.wall), ledger: RunLedger())
        #expect(try SavedStateCodec.decode(SavedStateCodec.encode(empty)).ledger == RunLedger())
    }

    @Test("a record whose ledger member is malformed is refused, naming the member")
    func malformedLedger() throws {
        let line = Self.text(of: Self.everyField)
        let cases = [
            (#""ledger":[]"#, "ledger: not an object"),
            (#""ledger":{"next_id":1}"#, "ledger: last_machine_run: missing or not a number"),
            (#""ledger":{"next_id":-1,"last_machine_run":0,"counters":{}}"#, "ledger: next_id: not a whole number ≥ 0"),
        ]
        for (member, message) in cases {
            let body = String(line.dropLast()) + "," + member + "}"
            let error = try #require(throws: SavedStateCodec.Failure.self) { try SavedStateCodec.decode(SavedStateCodec.sealed(Array(body.utf8))) }
            #expect(error.description == message)
        }
    }

    @Test("random states round-trip")
    func randomRoundTrip() throws {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            var state = PumpState()
            state.phase = Phase.allCases.randomElement(using: &rng)!
            state.run = Int.random(in: 0...1 << 40, using: &rng)
            for output in Output.allCases { state.outputs[output] = Bool.random(using: &rng) }
            for kind in DeadlineKind.allCases where Bool.random(using: &rng) {
                state.deadlines[kind] = Deadline(at: Instant(seconds: Double.random(in: -1e6...1e6, using: &rng)), run: Int.random(in: 0...1000, using: &rng))
            }
            state.stopReason = Bool.random(using: &rng) ? .dryRun : nil
            state.pendingLatch = [Latch.lockout, .error(ErrorReason.allCases.randomElement(using: &rng)!), nil].randomElement(using: &rng)!
            state.errorReason = Bool.random(using: &rng) ? ErrorReason.allCases.randomElement(using: &rng) : nil
            state.runtimeBeforeReboot = Bool.random(using: &rng) ? Double.random(in: 0...1e4, using: &rng) : 0
            state.engineAliveAt = Bool.random(using: &rng) ? Instant(seconds: Double.random(in: -1e9...1e9, using: &rng)) : nil
            state.runningSince = Bool.random(using: &rng) ? Instant(seconds: Double.random(in: -1e9...1e9, using: &rng)) : nil
            state.cranking = Bool.random(using: &rng)
            state.crankAttempts = Int.random(in: 0...10, using: &rng)
            state.pressureWatched = Bool.random(using: &rng)
            state.lastTriggerAt = Bool.random(using: &rng) ? Instant(seconds: Double.random(in: -1e9...1e9, using: &rng)) : nil
            state.engineStoppedAt = Bool.random(using: &rng) ? Instant(seconds: Double.random(in: -1e9...1e9, using: &rng)) : nil
            state.lastRunDuration = Double.random(in: 0...1e5, using: &rng)
            state.engineStartedAtAttempt = Bool.random(using: &rng) ? Int.random(in: 0...10, using: &rng) : nil
            state.totalRuntime = Double.random(in: 0...1e9, using: &rng)
            state.exerciseDue = Bool.random(using: &rng) ? Instant(seconds: Double.random(in: -1e9...1e9, using: &rng)) : nil
            state.lastExerciseSlot = Bool.random(using: &rng) ? Instant(seconds: Double.random(in: -1e9...1e9, using: &rng)) : nil
            state.exercising = Bool.random(using: &rng)
            let failures: [ExerciseFailure?] = [nil, .alarm(.overspeed), .noLinePressure, .engineNotRunning, .stopped(.lowPressure)]
            state.exerciseFault = failures.randomElement(using: &rng)!
            state.failedExercise = failures.randomElement(using: &rng)!
            let clock = ClockReading(monotonic: .zero, wall: .init(secondsSinceEpoch: 0))
            let record = StateRecord(sequence: UInt64.random(in: 0...1 << 53, using: &rng), bootID: "b", state: SavedState(state, clock: clock))
            let decoded = try SavedStateCodec.decode(SavedStateCodec.encode(record))
            #expect(decoded == record)
            #expect(decoded.state.restored(clock: clock) == state)
        }
    }

    @Test("a torn record, a changed byte or a missing checksum is refused")
    func integrity() throws {
        let bytes = SavedStateCodec.encode(StateRecord(sequence: 3, bootID: "b", state: SavedState(Self.everyField, clock: Self.wall)))
        for cut in [1, bytes.count / 2, bytes.count - 1] {
            #expect(throws: SavedStateCodec.Failure.self) { try SavedStateCodec.decode(Array(bytes.prefix(cut))) }
        }
        var changed = bytes
        changed[20] ^= 0x01
        #expect(throws: SavedStateCodec.Failure.self) { try SavedStateCodec.decode(changed) }
        let body = Array(bytes.prefix(while: { $0 != UInt8(ascii: "\n") }))
        #expect(throws: SavedStateCodec.Failure.self) { try SavedStateCodec.decode(body) }
        #expect(throws: SavedStateCodec.Failure.self) { try SavedStateCodec.decode(body + Array("\ncrc32 zzzzzzzz\n".utf8)) }
        #expect(throws: SavedStateCodec.Failure.self) {
            try SavedStateCodec.decode(SavedStateCodec.sealed(Array(#"{"format":3,"sequence":1,"savedAt":1,"state":{}}"#.utf8)))
        }
    }

    @Test("issue 12 item 5: \"run\": 9223372036854775807 is refused, not trapped on")
    func runAtIntMax() throws {
        let text = Self.text(of: Self.everyField).replacingOccurrences(of: #""run":12,"outputs""#, with: #""run":9223372036854775807,"outputs""#)
        #expect(text.contains("9223372036854775807"))
        let error = try #require(throws: SavedStateCodec.Failure.self) { try SavedStateCodec.decode(SavedStateCodec.sealed(Array(text.utf8))) }
        #expect(error.description.contains("state.run"))
    }

    /// The JSON line of a record of `state`.
    static func text(of state: PumpState) -> String {
        let bytes = SavedStateCodec.encode(StateRecord(sequence: 1, bootID: nil, state: SavedState(state, clock: wall)))
        return String(decoding: bytes.prefix(while: { $0 != UInt8(ascii: "\n") }), as: UTF8.self)
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
