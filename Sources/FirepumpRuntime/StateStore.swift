import FirepumpCore
import FoundationEssentials

/// Where the controller persists its state between runs of the process (target §9).
public protocol StateStore: AnyObject {
    /// The saved state with its instants on wall-clock time, `nil` when nothing was saved.
    /// - Throws: ``StateStoreError`` when the saved state is unreadable (it is then kept aside).
    func load() throws(StateStoreError) -> PumpState?
    /// Saves a state whose instants are on wall-clock time, atomically.
    func save(_ state: PumpState) throws(StateStoreError)
}

/// Why a state could not be loaded or saved.
public struct StateStoreError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// The state file's format: a version and the state, instants in Unix epoch seconds.
struct StateSnapshot: Codable {
    static let currentVersion = 1
    var version: Int
    var state: PumpState

    static func encode(_ state: PumpState) throws(StateStoreError) -> [UInt8] {
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return Array(try encoder.encode(StateSnapshot(version: currentVersion, state: state)))
        } catch {
            throw StateStoreError("cannot encode the state: \(error)")
        }
    }

    static func decode(_ bytes: [UInt8]) throws(StateStoreError) -> PumpState {
        let snapshot: StateSnapshot
        do {
            snapshot = try JSONDecoder().decode(StateSnapshot.self, from: Data(bytes))
        } catch {
            throw StateStoreError("not a firepump state file: \(error)")
        }
        guard snapshot.version == currentVersion else {
            throw StateStoreError("state file version \(snapshot.version) is not \(currentVersion)")
        }
        return snapshot.state
    }
}

/// A store in memory, holding the encoded bytes so a simulated restart goes through the same
/// encoding as the file.
public final class MemoryStateStore: StateStore {
    /// The last saved bytes.
    public private(set) var bytes: [UInt8]?

    public init(bytes: [UInt8]? = nil) { self.bytes = bytes }

    public func load() throws(StateStoreError) -> PumpState? {
        guard let bytes else { return nil }
        return try StateSnapshot.decode(bytes)
    }

    public func save(_ state: PumpState) throws(StateStoreError) {
        bytes = try StateSnapshot.encode(state)
    }
}
