/// The `state` object of a state record. Member names are the ones version 1 wrote (Swift's
/// property names), so a version 1 file still reads.
enum StatePayload {
    typealias Failure = SavedStateCodec.Failure

    static func encode(_ state: SavedState) -> JSONValue {
        var members: [JSONValue.Member] = [
            .init("phase", .string(state.phase.rawValue)),
            .init("run", .number(Double(state.run))),
            .init("outputs", .object(Output.allCases.map { .init(key($0), .bool(state.outputs[$0])) })),
            .init("deadlines", .object(DeadlineKind.allCases.compactMap { kind in
                state.deadlines[kind].map { .init(kind.rawValue, .object([
                    .init("at", .number($0.at.secondsSinceEpoch)), .init("run", .number(Double($0.run))),
                ])) }
            })),
        ]
        if let reason = state.stopReason { members.append(.init("stopReason", .string(reason.rawValue))) }
        switch state.pendingLatch {
        case .lockout: members.append(.init("pendingLatch", .object([.init("lockout", .object([]))])))
        case .error(let reason): members.append(.init("pendingLatch", .object([.init("error", .object([.init("_0", .string(reason.rawValue))]))])))
        case nil: break
        }
        if let reason = state.errorReason { members.append(.init("errorReason", .string(reason.rawValue))) }
        if let since = state.runningSince { members.append(.init("runningSince", .number(since.secondsSinceEpoch))) }
        members.append(.init("cranking", .bool(state.cranking)))
        members.append(.init("crankAttempts", .number(Double(state.crankAttempts))))
        if state.runtimeBeforeReboot != 0 { members.append(.init("runtimeBeforeReboot", .number(state.runtimeBeforeReboot))) }
        if let at = state.engineAliveAt { members.append(.init("engineAliveAt", .number(at.secondsSinceEpoch))) }
        members.append(.init("pressureWatched", .bool(state.pressureWatched)))
        if let at = state.lastTriggerAt { members.append(.init("lastTriggerAt", .number(at.secondsSinceEpoch))) }
        if let at = state.engineStoppedAt { members.append(.init("engineStoppedAt", .number(at.secondsSinceEpoch))) }
        members.append(.init("lastRunDuration", .number(state.lastRunDuration)))
        members.append(.init("totalRuntime", .number(state.totalRuntime)))
        // Added in format 2 without a version change: absent means none (files written before).
        if let at = state.exerciseDue { members.append(.init("exerciseDue", .number(at.secondsSinceEpoch))) }
        if let at = state.lastExerciseSlot { members.append(.init("lastExerciseSlot", .number(at.secondsSinceEpoch))) }
        if state.exercising { members.append(.init("exercising", .bool(true))) }
        if let attempt = state.engineStartedAtAttempt { members.append(.init("engineStartedAtAttempt", .number(Double(attempt)))) }
        if let fault = state.exerciseFault { members.append(.init("exerciseFault", .string(fault.code))) }
        if let failure = state.failedExercise { members.append(.init("failedExercise", .string(failure.code))) }
        return .object(members)
    }

    static func decode(_ value: JSONValue?, savedAt: WallInstant) throws(Failure) -> SavedState {
        guard let value, case .object = value else { throw Failure("state: missing or not an object") }
        var state = SavedState(PumpState(), clock: ClockReading(monotonic: .zero, wall: savedAt))
        let phaseName = try string(value["phase"], "state.phase")
        guard let phase = Phase(rawValue: phaseName) else { throw Failure("state.phase: unknown phase \(phaseName)") }
        state.phase = phase
        state.run = try integer(value["run"], "state.run")
        guard let outputs = value["outputs"], case .object = outputs else { throw Failure("state.outputs: missing or not an object") }
        for output in Output.allCases {
            state.outputs[output] = try bool(outputs[key(output)], "state.outputs.\(key(output))")
        }
        guard let deadlines = value["deadlines"], case .object = deadlines else { throw Failure("state.deadlines: missing or not an object") }
        for kind in DeadlineKind.allCases {
            guard let deadline = deadlines[kind.rawValue], deadline != .null else { continue }
            let field = "state.deadlines.\(kind.rawValue)"
            state.deadlines[kind] = SavedState.SavedDeadline(
                at: WallInstant(secondsSinceEpoch: try number(deadline["at"], "\(field).at")),
                run: try integer(deadline["run"], "\(field).run"))
        }
        if let name = try optionalString(value["stopReason"], "state.stopReason") {
            guard let reason = StopReason(rawValue: name) else { throw Failure("state.stopReason: unknown reason \(name)") }
            state.stopReason = reason
        }
        state.pendingLatch = try latch(value["pendingLatch"])
        state.errorReason = try errorReason(value["errorReason"], "state.errorReason")
        state.runningSince = try optionalInstant(value["runningSince"], "state.runningSince")
        state.cranking = try bool(value["cranking"], "state.cranking")
        state.crankAttempts = try integer(value["crankAttempts"], "state.crankAttempts")
        state.runtimeBeforeReboot = try value["runtimeBeforeReboot"].map { (value: JSONValue) throws(Failure) in try number(value, "state.runtimeBeforeReboot") } ?? 0
        state.engineAliveAt = try optionalInstant(value["engineAliveAt"], "state.engineAliveAt")
        state.pressureWatched = try bool(value["pressureWatched"], "state.pressureWatched")
        state.lastTriggerAt = try optionalInstant(value["lastTriggerAt"], "state.lastTriggerAt")
        state.engineStoppedAt = try optionalInstant(value["engineStoppedAt"], "state.engineStoppedAt")
        state.lastRunDuration = try number(value["lastRunDuration"], "state.lastRunDuration")
        state.totalRuntime = try number(value["totalRuntime"], "state.totalRuntime")
        state.exerciseDue = try optionalInstant(value["exerciseDue"], "state.exerciseDue")
        state.lastExerciseSlot = try optionalInstant(value["lastExerciseSlot"], "state.lastExerciseSlot")
        state.exercising = try value["exercising"].map { (value: JSONValue) throws(Failure) in try bool(value, "state.exercising") } ?? false
        state.engineStartedAtAttempt = try value["engineStartedAtAttempt"].map { (value: JSONValue) throws(Failure) in try integer(value, "state.engineStartedAtAttempt") }
        state.exerciseFault = try exerciseFailure(value["exerciseFault"], "state.exerciseFault")
        state.failedExercise = try exerciseFailure(value["failedExercise"], "state.failedExercise")
        return state
    }

    /// The member name of an output (its Swift property name, as version 1 wrote it).
    private static func key(_ output: Output) -> String {
        switch output {
        case .mainValve: "mainValve"
        case .ignitionStart: "ignitionStart"
        case .ignitionOn: "ignitionOn"
        case .ignitionOff: "ignitionOff"
        case .refillValve: "refillValve"
        case .primingValve: "primingValve"
        case .rpmReduce: "rpmReduce"
        }
    }

    private static func latch(_ value: JSONValue?) throws(Failure) -> Latch? {
        guard let value, value != .null else { return nil }
        if value["lockout"] != nil { return .lockout }
        if let error = value["error"] {
            guard let reason = try errorReason(error["_0"], "state.pendingLatch.error") else { throw Failure("state.pendingLatch.error: missing") }
            return .error(reason)
        }
        throw Failure("state.pendingLatch: neither lockout nor error")
    }

    private static func exerciseFailure(_ value: JSONValue?, _ field: String) throws(Failure) -> ExerciseFailure? {
        guard let code = try optionalString(value, field) else { return nil }
        guard let failure = ExerciseFailure(code: code) else { throw Failure("\(field): unknown failure \(code)") }
        return failure
    }

    private static func errorReason(_ value: JSONValue?, _ field: String) throws(Failure) -> ErrorReason? {
        guard let text = try optionalString(value, field) else { return nil }
        guard let reason = ErrorReason(rawValue: text) else { throw Failure("\(field): unknown reason \(text)") }
        return reason
    }

    static func number(_ value: JSONValue?, _ field: String) throws(Failure) -> Double {
        guard case .number(let number) = value else { throw Failure("\(field): missing or not a number") }
        return number
    }

    private static func integer(_ value: JSONValue?, _ field: String) throws(Failure) -> Int {
        guard let integer = Int(exactly: try number(value, field)) else { throw Failure("\(field): not a whole number in range") }
        return integer
    }

    private static func bool(_ value: JSONValue?, _ field: String) throws(Failure) -> Bool {
        guard case .bool(let flag) = value else { throw Failure("\(field): missing or not true/false") }
        return flag
    }

    private static func string(_ value: JSONValue?, _ field: String) throws(Failure) -> String {
        guard case .string(let text) = value else { throw Failure("\(field): missing or not a string") }
        return text
    }

    static func optionalString(_ value: JSONValue?, _ field: String) throws(Failure) -> String? {
        guard let value, value != .null else { return nil }
        return try string(value, field)
    }

    private static func optionalInstant(_ value: JSONValue?, _ field: String) throws(Failure) -> WallInstant? {
        guard let value, value != .null else { return nil }
        return WallInstant(secondsSinceEpoch: try number(value, field))
    }
}
