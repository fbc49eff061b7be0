/// A value for every case of `Key`: a total table whose subscript never returns nil, so code
/// that reads it has nothing to unwrap (the `[Output: OutputPin]` dictionaries it replaces
/// were force-unwrapped wherever they were read).
public struct CaseTable<Key: CaseIterable & Hashable, Value> {
    /// One entry per case, always: made so by `init` and never removed.
    private var storage: [Key: Value]

    /// A table holding `value(key)` for every key.
    public init(_ value: (Key) throws -> Value) rethrows {
        storage = [:]
        for key in Key.allCases { storage[key] = try value(key) }
    }

    /// The value of `key`.
    public subscript(key: Key) -> Value {
        get {
            guard let value = storage[key] else { preconditionFailure("\(key) is not among \(Key.self).allCases") }
            return value
        }
        set { storage[key] = newValue }
    }
}

extension CaseTable: Sendable where Key: Sendable, Value: Sendable {}
extension CaseTable: Equatable where Value: Equatable {}
extension CaseTable: Hashable where Value: Hashable {}
