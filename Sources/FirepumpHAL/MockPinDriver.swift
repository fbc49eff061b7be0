import Synchronization

/// An in-memory GPIO chip that behaves like the kernel's: lines are requested once, outputs
/// take their initial level in the request, inputs read the level their wire (or, when nothing
/// drives the wire, their pull resistor) gives, and edges fire the callbacks registered for them.
///
/// Tests and laptops (`--mock`) use it in place of ``PinDriver`` backends that need hardware.
/// It records every electrical change of every line, with the time given by `timeSource`.
public final class MockPinDriver: PinDriver {
    /// One recorded change of a line's electrical level.
    public struct LevelChange: Sendable, Hashable {
        /// When the change happened, from the driver's time source.
        public var time: Double
        /// The line that changed.
        public var line: Int
        /// The electrical level after the change.
        public var level: ElectricalLevel
    }

    /// What the mock knows about one requested line.
    public struct LineInfo: Sendable, Hashable {
        public var direction: LineDirection
        public var activeLow: Bool
        public var pull: Pull
        public var edges: EdgeDetection
        public var consumer: String
        public var hasEdgeCallback: Bool
    }

    private struct Line {
        var info: LineInfo
        var onEdge: (@Sendable (EdgeEvent) -> Void)?
    }

    private struct Board {
        var requested: [Int: Line] = [:]
        /// The electrical level of every line that has one (outputs keep theirs after release).
        var levels: [Int: ElectricalLevel] = [:]
        /// What drives each input wire from outside; `nil` means an open circuit.
        var externalDrive: [Int: ElectricalLevel] = [:]
        var history: [LevelChange] = []
        /// Lines whose writes fail, with the `errno` they fail with.
        var failingWrites: [Int: Int32] = [:]
    }

    public let chipName: String
    public let lineCount: Int
    private let timeSource: @Sendable () -> Double
    private let onOutputChange: (@Sendable (Int, ElectricalLevel) -> Void)?
    private let historyLimit: Int
    private let board = Mutex(Board())
    private let powerOnLevels: [Int: ElectricalLevel]

    /// Creates a chip.
    /// - Parameters:
    ///   - chipName: the name used in messages, like the kernel's `gpiochip0`.
    ///   - lineCount: how many lines exist; a Raspberry Pi header chip has 54.
    ///   - timeSource: the time stamped on recorded changes (virtual time in the simulator).
    ///   - powerOnLevels: the level lines have before anything requests them (by default low).
    ///   - onOutputChange: called after an output's electrical level changes, in order.
    ///   - historyLimit: how many of the latest changes ``history`` keeps (a long-running daemon
    ///     in mock mode must not grow without bound); unlimited by default.
    public init(
        chipName: String = "mock-gpiochip0",
        lineCount: Int = 54,
        timeSource: @escaping @Sendable () -> Double = { 0 },
        powerOnLevels: [Int: ElectricalLevel] = [:],
        onOutputChange: (@Sendable (Int, ElectricalLevel) -> Void)? = nil,
        historyLimit: Int = .max
    ) {
        self.chipName = chipName
        self.lineCount = lineCount
        self.timeSource = timeSource
        self.onOutputChange = onOutputChange
        self.historyLimit = max(0, historyLimit)
        self.powerOnLevels = powerOnLevels
        board.withLock { $0.levels = powerOnLevels }
    }

    public func requestOutput(_ request: OutputRequest) throws(PinDriverError) {
        try checkRange(request.line, operation: "request-output")
        let level = ElectricalLevel(active: request.initiallyActive, activeLow: request.activeLow)
        let changed = try board.withLock { (board: inout Board) throws(PinDriverError) -> Bool in
            if let holder = board.requested[request.line] {
                throw busy(request.line, holder: holder.info.consumer, operation: "request-output")
            }
            let info = LineInfo(
                direction: .output, activeLow: request.activeLow, pull: .none, edges: .none,
                consumer: request.consumer, hasEdgeCallback: false)
            board.requested[request.line] = Line(info: info, onEdge: nil)
            return record(level, on: request.line, in: &board)
        }
        if changed { onOutputChange?(request.line, level) }
    }

    public func requestInput(
        _ request: InputRequest, onEdge: @escaping @Sendable (EdgeEvent) -> Void
    ) throws(PinDriverError) {
        try checkRange(request.line, operation: "request-input")
        try board.withLock { (board: inout Board) throws(PinDriverError) in
            if let holder = board.requested[request.line] {
                throw busy(request.line, holder: holder.info.consumer, operation: "request-input")
            }
            let info = LineInfo(
                direction: .input, activeLow: request.activeLow, pull: request.pull, edges: request.edges,
                consumer: request.consumer, hasEdgeCallback: request.edges != .none)
            board.requested[request.line] = Line(info: info, onEdge: onEdge)
            _ = record(inputLevel(request.line, pull: request.pull, in: board), on: request.line, in: &board)
        }
    }

    public func set(line: Int, active: Bool) throws(PinDriverError) {
        try checkRange(line, operation: "set")
        let (changed, level) = try board.withLock {
            (board: inout Board) throws(PinDriverError) -> (Bool, ElectricalLevel) in
            guard let held = board.requested[line] else { throw notRequested(line, operation: "set") }
            guard held.info.direction == .output else {
                throw PinDriverError(
                    kind: .notAnOutput, operation: "set", chip: chipName, line: line, detail: "")
            }
            if let code = board.failingWrites[line] {
                throw PinDriverError(kind: .systemError, operation: "set", chip: chipName, line: line, errno: code, detail: "injected fault, errno \(code)")
            }
            let level = ElectricalLevel(active: active, activeLow: held.info.activeLow)
            return (record(level, on: line, in: &board), level)
        }
        if changed { onOutputChange?(line, level) }
    }

    /// Makes every later ``set(line:active:)`` of `line` fail with `errno` (a relay driver that
    /// died, an I/O error), leaving the line's level as it was; `nil` makes writes work again.
    /// For tests of how failures are handled.
    public func failWrites(line: Int, errno: Int32?) {
        board.withLock { $0.failingWrites[line] = errno }
    }

    public func isActive(line: Int) throws(PinDriverError) -> Bool {
        try checkRange(line, operation: "get")
        return try board.withLock { (board: inout Board) throws(PinDriverError) -> Bool in
            guard let held = board.requested[line] else { throw notRequested(line, operation: "get") }
            return (board.levels[line] ?? .low).isActive(activeLow: held.info.activeLow)
        }
    }

    public func release(line: Int) throws(PinDriverError) {
        try checkRange(line, operation: "release")
        try board.withLock { (board: inout Board) throws(PinDriverError) in
            guard board.requested.removeValue(forKey: line) != nil else {
                throw notRequested(line, operation: "release")
            }
        }
    }

    public func releaseAll() {
        board.withLock { $0.requested.removeAll() }
    }

    /// The machine lost power (a reboot, a power cut): every line is released and every output
    /// goes back to its power-on level (the relay board lost its drive). Each output that changes
    /// is reported to `onOutputChange`, in line order.
    public func powerCycle() {
        let changed: [(Int, ElectricalLevel)] = board.withLock { board in
            let outputs = board.requested.filter { $0.value.info.direction == .output }.keys.sorted()
            board.requested.removeAll()
            return outputs.compactMap { line in
                let level = powerOnLevels[line] ?? .low
                return record(level, on: line, in: &board) ? (line, level) : nil
            }
        }
        for (line, level) in changed { onOutputChange?(line, level) }
    }

    // MARK: - The outside world

    /// Puts an electrical level on a wire from outside (a switch, a sensor), or `nil` for an open
    /// circuit, which reads as the line's pull. Fires the edge callback when the line is a requested
    /// input whose logical level changes and whose edge detection includes that edge.
    public func setInputLevel(line: Int, _ level: ElectricalLevel?) {
        let delivery: (@Sendable (EdgeEvent) -> Void, EdgeEvent)? = board.withLock { board in
            board.externalDrive[line] = level
            guard let held = board.requested[line], held.info.direction == .input else {
                if board.requested[line] == nil, let level { board.levels[line] = level }
                return nil
            }
            let before = board.levels[line] ?? .low
            let after = inputLevel(line, pull: held.info.pull, in: board)
            guard record(after, on: line, in: &board) else { return nil }
            let wasActive = before.isActive(activeLow: held.info.activeLow)
            let edge = EdgeEvent(line: line, kind: wasActive ? .falling : .rising)
            guard let onEdge = held.onEdge, Self.detects(held.info.edges, edge.kind) else { return nil }
            return (onEdge, edge)
        }
        if let (onEdge, edge) = delivery { onEdge(edge) }
    }

    /// The electrical level of a line now (outputs keep theirs after release), `nil` if it never had one.
    public func electricalLevel(line: Int) -> ElectricalLevel? {
        board.withLock { $0.levels[line] }
    }

    /// What the mock knows about a requested line, `nil` if it is not requested.
    public func info(line: Int) -> LineInfo? {
        board.withLock { $0.requested[line]?.info }
    }

    /// Every electrical change so far (the latest `historyLimit`), oldest first.
    public var history: [LevelChange] {
        board.withLock { $0.history }
    }

    // MARK: - Internals

    private static func detects(_ detection: EdgeDetection, _ kind: EdgeEvent.Kind) -> Bool {
        switch detection {
        case .none: false
        case .both: true
        case .rising: kind == .rising
        case .falling: kind == .falling
        }
    }

    /// The level an input reads: what drives its wire, else its pull, else what it had.
    private func inputLevel(_ line: Int, pull: Pull, in board: Board) -> ElectricalLevel {
        if let driven = board.externalDrive[line] { return driven }
        switch pull {
        case .up: return .high
        case .down: return .low
        case .none: return board.levels[line] ?? .low
        }
    }

    /// Stores a level; returns whether it changed (and was recorded in the history).
    private func record(_ level: ElectricalLevel, on line: Int, in board: inout Board) -> Bool {
        guard board.levels[line] != level else { return false }
        board.levels[line] = level
        board.history.append(LevelChange(time: timeSource(), line: line, level: level))
        if board.history.count > historyLimit { board.history.removeFirst(board.history.count - historyLimit) }
        return true
    }

    private func checkRange(_ line: Int, operation: String) throws(PinDriverError) {
        guard (0..<lineCount).contains(line) else {
            throw PinDriverError(
                kind: .lineOutOfRange, operation: operation, chip: chipName, line: line,
                detail: "\(chipName) has lines 0-\(lineCount - 1)")
        }
    }

    private func busy(_ line: Int, holder: String, operation: String) -> PinDriverError {
        PinDriverError(kind: .lineBusy, operation: operation, chip: chipName, line: line, detail: "used by '\(holder)'")
    }

    private func notRequested(_ line: Int, operation: String) -> PinDriverError {
        PinDriverError(kind: .lineNotRequested, operation: operation, chip: chipName, line: line, detail: "")
    }
}
