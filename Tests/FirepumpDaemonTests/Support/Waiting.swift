import FirepumpCore

/// A condition a test waited for did not come true in time.
struct WaitTimeout: Error, CustomStringConvertible {
    let waitingFor: String
    let timeout: Duration
    /// What was seen meanwhile, for the failure message.
    let seen: String

    var description: String {
        "waiting for \(waitingFor): timed out after \(timeout); seen:\n\(seen.isEmpty ? "  (nothing)" : seen)"
    }
}

/// Polls `condition` every 20 ms until it holds; throws ``WaitTimeout`` (with `context()`)
/// if it does not within `timeout`.
func waitUntil(
    _ what: String, within timeout: Duration = .seconds(10), context: () async -> String = { "" },
    _ condition: () async -> Bool
) async throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if await condition() { return }
        try await Task.sleep(for: .milliseconds(20))
    }
    if await condition() { return }
    throw WaitTimeout(waitingFor: what, timeout: timeout, seen: await context())
}

/// Seconds in `duration`, as a Double.
func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// The UTF-8 bytes of `text`.
func bytes(_ text: String) -> [UInt8] {
    Array(text.utf8)
}

extension JSONValue {
    /// The value of a number.
    var numberValue: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// The value of a boolean.
    var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }
}
