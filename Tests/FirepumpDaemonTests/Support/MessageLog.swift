import FirepumpCore
import FirepumpMQTT

/// Everything an MQTT client reported, read from its `events` in the background, so a test can
/// wait, with a deadline, for a message that arrives after a point it marked.
///
/// Nothing is consumed: ``mark`` returns a position and ``first(_:after:within:where:)`` looks
/// only at what arrived after it, so a test can ask about the same stretch more than once.
actor MessageLog {
    private var events: [MQTTClientEvent] = []
    private var finished = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// Starts reading `stream`.
    init(_ stream: AsyncStream<MQTTClientEvent>) {
        Task { [weak self] in
            for await event in stream {
                await self?.append(event)
            }
            await self?.finish()
        }
    }

    /// The position after everything received so far.
    var mark: Int { events.count }

    /// Every event so far.
    var all: [MQTTClientEvent] { events }

    /// Every message received after `mark`.
    func messages(after mark: Int = 0) -> [MQTTMessage] {
        events.dropFirst(mark).compactMap(\.message)
    }

    /// The first event after `mark` that satisfies `predicate`, waiting up to `timeout` for it.
    /// Throws ``WaitTimeout`` listing what was seen instead.
    @discardableResult
    func first(
        _ what: String, after mark: Int = 0, within timeout: Duration = .seconds(10),
        where predicate: @Sendable (MQTTClientEvent) -> Bool
    ) async throws -> MQTTClientEvent {
        try await positioned(what, after: mark, within: timeout, where: predicate).event
    }

    /// Like ``first(_:after:within:where:)``, with the mark just after the event found.
    func positioned(
        _ what: String, after mark: Int = 0, within timeout: Duration = .seconds(10),
        where predicate: @Sendable (MQTTClientEvent) -> Bool
    ) async throws -> (event: MQTTClientEvent, next: Int) {
        let deadline = ContinuousClock.now + timeout
        var index = mark
        while true {
            while index < events.count {
                let event = events[index]
                index += 1
                if predicate(event) { return (event, index) }
            }
            guard ContinuousClock.now < deadline, !finished else {
                throw WaitTimeout(
                    waitingFor: what, timeout: timeout,
                    seen: events.dropFirst(mark).map(\.description).joined(separator: "\n"))
            }
            await waitForChange(until: deadline)
        }
    }

    /// The first message on `topic` after `mark`.
    @discardableResult
    func firstMessage(on topic: String, after mark: Int = 0, within timeout: Duration = .seconds(10)) async throws -> MQTTMessage {
        let event = try await first("a message on \(topic)", after: mark, within: timeout) { $0.message?.topic == topic }
        return event.message!
    }

    private func append(_ event: MQTTClientEvent) {
        events.append(event)
        wakeAll()
    }

    private func finish() {
        finished = true
        wakeAll()
    }

    /// Suspends until an event arrives, the stream ends, or `deadline`.
    private func waitForChange(until deadline: ContinuousClock.Instant) async {
        let timer = Task { [weak self] in
            guard (try? await Task.sleep(until: deadline)) != nil else { return }
            await self?.wakeAll()
        }
        await withCheckedContinuation { waiters.append($0) }
        timer.cancel()
    }

    private func wakeAll() {
        let woken = waiters
        waiters = []
        for waiter in woken { waiter.resume() }
    }
}

extension MQTTMessage {
    /// The payload parsed as JSON, or nil.
    var json: JSONValue? { try? JSONReader.parse(payload) }

    /// The `action` of a telemetry event, or nil.
    var action: String? { json?["action"]?.stringValue }
}
