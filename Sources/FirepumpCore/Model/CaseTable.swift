/// A value for every case of `Key`: a total table whose subscript never returns nil, so code
/// that reads it has nothing to unwrap (the `[Output: OutputPin]` dictionaries it replaces
/// were force-unwrapped wherever they were read).
public struct CaseTable<Key: CaseIterable & Hashable, Value> {
    /// The values in the order of `Key.allCases`.
    public private(set) var values: [Value]

    /// A table holding `value(key)` for every key.
    public init(_ value: (Key) throws -> Value) rethrows {
        values = try Key.allCases.map(value)
    }

    /// The value of `key`.
    public subscript(key: Key) -> Value {
        get { values[Self.position(of: key)] }
        set { values[Self.position(of: key)] = newValue }
    }

    /// Where `key` sits in `values`. Every case is in `allCases`, so it is always found.
    private static func position(of key: Key) -> Int {
        guard let index = Key.allCases.firstIndex(of: key) else {
            preconditionFailure("\(key) is not among \(Key.self).allCases")
        }
        return Key.allCases.distance(from: Key.allCases.startIndex, to: index)
    }
}

extension CaseTable: Sendable where Key: Sendable, Value: Sendable {}
extension CaseTable: Equatable where Value: Equatable {}
extension CaseTable: Hashable where Value: Hashable {}
