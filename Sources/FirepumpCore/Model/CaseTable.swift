/// A key of a ``CaseTable``: an enum that knows its position among its cases.
///
/// `tableIndex` must be the case's position in `allCases` (0, 1, 2, …). Conforming enums give it
/// with an exhaustive `switch`, so a lookup costs no search and no allocation (`allCases` builds a
/// new array on every call); `CaseTableTests` checks each key's indices against `allCases`.
public protocol TableKey: CaseIterable, Hashable {
    /// The position of this case in `allCases`.
    var tableIndex: Int { get }
}

/// A value for every case of `Key`: a total table whose subscript never returns nil, so code
/// that reads it has nothing to unwrap. Where a key may have no value (an input not fitted, a
/// deadline not armed), `Value` is an optional and says so.
///
/// The values are stored in an array, one per case in `allCases` order, indexed by
/// ``TableKey/tableIndex``.
public struct CaseTable<Key: TableKey, Value> {
    /// One value per case, in `allCases` order: made so by `init` and never resized.
    private var values: [Value]

    /// A table holding `value(key)` for every key.
    public init(_ value: (Key) throws -> Value) rethrows {
        values = try Key.allCases.map(value)
        assert(Key.allCases.enumerated().allSatisfy { $0.offset == $0.element.tableIndex }, "\(Key.self).tableIndex is not its position in allCases")
    }

    /// A table holding `value` for every key.
    public init(repeating value: Value) {
        self.init { _ in value }
    }

    /// The value of `key`.
    public subscript(key: Key) -> Value {
        get { values[key.tableIndex] }
        set { values[key.tableIndex] = newValue }
    }
}

extension CaseTable: Sendable where Key: Sendable, Value: Sendable {}
extension CaseTable: Equatable where Value: Equatable {}
extension CaseTable: Hashable where Value: Hashable {}
