import FirepumpMQTT
import Testing

/// Everything a client reported, read from its `events` in the background, so a test can wait,
/// with a deadline, for the next event that matches.
actor EventLog {
    private var events: [MQTTClientEvent] = []
    private var cursor = 0
    private var finished = false
    private var waiter: CheckedContinuation<Void, Never>?

    /// Starts reading `stream`.
    init(_ stream: AsyncStream<MQTTClientEvent>) {
        Task { [weak self] in
            for await event in stream {
                await self?.append(event)
            }
            await self?.finish()
        }
    }

    /// The next unread event that satisfies `predicate`; earlier unread events are passed over.
    /// Throws `EventTimeout` (listing what was seen) if none arrives within `timeout`.
    @discardableResult
    func next(
        _ what: String, within timeout: Duration = .seconds(10),
        where predicate: @Sendable (MQTTClientEvent) -> Bool
    ) async throws -> MQTTClientEvent {
        let deadline = ContinuousClock.now + timeout
        while true {
            while cursor < events.count {
                let event = events[cursor]
                cursor += 1
                if predicate(event) { return event }
            }
            guard ContinuousClock.now < deadline, !finished else {
                throw EventTimeout(waitingFor: what, timeout: timeout, finished: finished, seen: events)
            }
            await waitForChange(until: deadline)
        }
    }

    /// Whether the client's event stream has ended.
    var isFinished: Bool { finished }

    /// Every event so far.
    var all: [MQTTClientEvent] { events }

    private func append(_ event: MQTTClientEvent) {
        events.append(event)
        wake()
    }

    private func finish() {
        finished = true
        wake()
    }

    /// Suspends until an event arrives, the stream ends, or `deadline`.
    private func waitForChange(until deadline: ContinuousClock.Instant) async {
        let timer = Task { [weak self] in
            guard (try? await Task.sleep(until: deadline)) != nil else { return }  // cancelled
            await self?.wake()
        }
        await withCheckedContinuation { waiter = $0 }
        timer.cancel()
    }

    private func wake() {
        waiter?.resume()
        waiter = nil
    }
}

extension EventLog {
    /// The next `.connected`.
    func nextConnected(within timeout: Duration = .seconds(10)) async throws {
        try await next("connected", within: timeout) { $0.isConnected }
    }

    /// The next `.disconnected`'s reason.
    @discardableResult
    func nextDisconnected(within timeout: Duration = .seconds(10)) async throws -> String {
        let event = try await next("disconnected", within: timeout) { $0.disconnectReason != nil }
        return event.disconnectReason ?? ""
    }

    /// The next `.connectionFailed`'s error.
    @discardableResult
    func nextFailure(within timeout: Duration = .seconds(10)) async throws -> MosquittoError {
        let event = try await next("connectionFailed", within: timeout) { $0.failure != nil }
        return try #require(event.failure)
    }

    /// The next message on `topic`, optionally with exactly `payload`.
    func nextMessage(on topic: String, payload: [UInt8]? = nil, within timeout: Duration = .seconds(10)) async throws -> MQTTMessage {
        let event = try await next("message on \(topic)", within: timeout) { event in
            guard let message = event.message, message.topic == topic else { return false }
            return payload.map { $0 == message.payload } ?? true
        }
        return try #require(event.message)
    }
}

/// No matching event arrived in time.
struct EventTimeout: Error, CustomStringConvertible {
    let waitingFor: String
    let timeout: Duration
    let finished: Bool
    let seen: [MQTTClientEvent]

    var description: String {
        let ending = finished ? "the event stream ended" : "timed out after \(timeout)"
        return "waiting for \(waitingFor): \(ending); events seen:\n" + seen.map { "  \($0.description)" }.joined(separator: "\n")
    }
}
