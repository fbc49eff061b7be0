import FirepumpHAL

/// The behaviour every ``PinDriver`` must show, written once and run against each backend:
/// the mock in unit tests, libgpiod on a gpio-sim kernel chip under qemu.
///
/// Each case gets a fresh driver from `makeBench`, uses lines from `firstLine` upwards, and
/// throws ``ContractFailure`` when the driver misbehaves.
public struct PinDriverContract: Sendable {
    /// A driver to test and the probe that watches its chip.
    public typealias Bench = (driver: any PinDriver, probe: any PinProbe)

    /// One named behaviour.
    public struct Case: Sendable, CustomStringConvertible {
        public let name: String
        let body: @Sendable (Bench, Int) throws -> Void
        public var description: String { name }
    }

    /// Every case, in a stable order.
    public static let cases: [Case] = outputCases + inputCases + misuseCases

    private let makeBench: @Sendable () throws -> Bench
    private let firstLine: Int

    /// - Parameters:
    ///   - firstLine: the lowest line the cases may use; they use up to `firstLine + 3`.
    ///   - makeBench: creates a fresh driver (and its probe) for one case.
    public init(firstLine: Int = 4, makeBench: @escaping @Sendable () throws -> Bench) {
        self.firstLine = firstLine
        self.makeBench = makeBench
    }

    /// Runs one case on a fresh driver and releases every line afterwards.
    public func run(_ contractCase: Case) throws {
        let bench = try makeBench()
        defer { bench.driver.releaseAll() }
        try contractCase.body(bench, firstLine)
    }
}

func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws {
    if !condition { throw ContractFailure(message()) }
}

func expectError(
    _ kind: PinDriverError.Kind, _ what: String, _ body: () throws -> Void
) throws {
    do {
        try body()
    } catch let error as PinDriverError {
        try expect(error.kind == kind, "\(what): expected \(kind), got \(error.kind) (\(error))")
        return
    }
    throw ContractFailure("\(what): expected \(kind), but it succeeded")
}
