import FirepumpCore

/// What reaches the daemon's controller, from any thread: the broker, the pin driver's edge
/// thread, signal handling, the deadline timer.
public enum LoopInput: Sendable {
    /// An event for the state machine (an input change, a shutdown request).
    case event(PumpEvent)
    /// A message from the broker.
    case message(topic: String, payload: [UInt8], retained: Bool)
    /// The broker link came up (again).
    case mqttConnected
    /// The broker link went down; the pump carries on (target §1.1).
    case mqttDisconnected(reason: String)
    /// The armed deadline was reached.
    case tick
}

/// The daemon's active object: one task owns the ``PumpController`` and takes inputs one at a
/// time from a single stream, so a transition always runs to completion. A single timer task
/// sleeps until the controller's next deadline and posts ``LoopInput/tick``; nothing wakes
/// periodically except what the state machine armed (health) and the optional watchdog.
public final class ControllerLoop: Sendable {
    private let stream: AsyncStream<LoopInput>
    private let continuation: AsyncStream<LoopInput>.Continuation
    private let clock = ContinuousClock()
    private let origin: ContinuousClock.Instant

    public init() {
        (stream, continuation) = AsyncStream.makeStream(of: LoopInput.self)
        origin = clock.now
    }

    /// The current instant on the controller's monotonic time line (seconds since this loop was made).
    public var now: Instant {
        Instant(seconds: (clock.now - origin).inSeconds)
    }

    /// Hands an input to the loop. Safe from any thread; never blocks.
    public func send(_ input: LoopInput) {
        continuation.yield(input)
    }

    /// The callback to give ``PumpController/start(at:onEdge:)``.
    public var edgeSink: @Sendable (InputRole, Bool) -> Void {
        { [continuation] role, active in continuation.yield(.event(.inputChanged(role, active: active))) }
    }

    /// Runs until the controller is ready to exit after a shutdown request.
    ///
    /// - Parameters:
    ///   - controller: the started controller, owned by this loop from now on.
    ///   - heartbeatInterval: when set (systemd watchdog), `heartbeat` is called at least this often.
    ///   - heartbeat: called after every input handled, from this loop: proof that it turns.
    public func run(
        _ controller: sending PumpController, heartbeatInterval: Duration? = nil, heartbeat: @escaping @Sendable () -> Void = {}
    ) async {
        var timer: Task<Void, Never>?
        var armedFor: Instant?
        defer { timer?.cancel() }
        // A first turn arms the timer for whatever the controller armed while starting.
        continuation.yield(.tick)
        for await input in stream {
            let now = self.now
            switch input {
            case .event(let event): controller.handle(event, at: now)
            case .message(let topic, let payload, let retained):
                controller.handleMessage(topic: topic, payload: payload, retained: retained, at: now)
            case .mqttConnected: controller.connected(at: now)
            case .mqttDisconnected(let reason): controller.disconnected(reason: reason)
            case .tick: controller.handle(.tick, at: now)
            }
            heartbeat()
            if controller.readyToExit { return }
            var wake = controller.nextDeadline
            if let heartbeatInterval {
                let beat = now + heartbeatInterval.inSeconds
                wake = min(wake ?? beat, beat)
            }
            guard wake != armedFor else { continue }
            timer?.cancel()
            armedFor = wake
            timer = wake.map { deadline in
                Task { [clock, origin, continuation] in
                    let at = origin + .nanoseconds(Int64((deadline.seconds * 1e9).rounded(.up)))
                    guard (try? await clock.sleep(until: at, tolerance: .milliseconds(1))) != nil else { return }
                    continuation.yield(.tick)
                }
            }
        }
    }
}

extension Duration {
    /// This duration as fractional seconds.
    var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
