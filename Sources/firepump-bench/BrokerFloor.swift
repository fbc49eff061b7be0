import Glibc

/// The latency no MQTT client reaches on this machine and broker, as the yardstick for the
/// trigger figure: the same path as ``CycleBenchmark`` (published on one connection, received on
/// another, two broker hops, `TCP_NODELAY`), with a bare echo client in firepump's place that
/// answers each message, on its own thread, as soon as it has read it.
enum BrokerFloor {
    private static let inTopic = "firepump-bench/floor/in"
    private static let outTopic = "firepump-bench/floor/out"
    private static let stepLimit: Duration = .seconds(10)

    static func run(port: Int, count: Int, gap: Duration) throws(BenchFailure) -> LatencySummary {
        let echo = try BrokerLink(port: port, clientID: "firepump-bench-echo-\(getpid())", timeout: stepLimit)
        try echo.subscribe([inTopic], timeout: stepLimit)
        let dashboard = try BrokerLink(port: port, clientID: "firepump-bench-floor-dashboard-\(getpid())", timeout: stepLimit)
        try dashboard.subscribe([outTopic], timeout: stepLimit)
        let sensor = try BrokerLink(port: port, clientID: "firepump-bench-floor-sensor-\(getpid())", timeout: stepLimit)
        let echoing = try EchoThread(echo)
        defer { echoing.stop(through: sensor) }
        var samples: [Duration] = []
        samples.reserveCapacity(count)
        for _ in 0..<count {
            let published = ContinuousClock.now
            try sensor.publish(inTopic, "{}")
            while true {
                if case .publish(outTopic, _) = try dashboard.next(timeout: stepLimit) { break }
            }
            samples.append(ContinuousClock.now - published)
            rest(gap)
            try dashboard.drain()
            try sensor.drain()
        }
        return LatencySummary(samples)
    }

    /// The echo client's thread: each message on the in topic is answered on the out topic; an
    /// empty message ends it.
    // SAFETY: the link is used by the echo thread alone from `init` until `stop` has joined it.
    private final class EchoThread: @unchecked Sendable {
        private let link: BrokerLink
        private var thread = pthread_t()

        init(_ link: BrokerLink) throws(BenchFailure) {
            self.link = link
            let retained = Unmanaged.passRetained(self).toOpaque()
            guard pthread_create(&thread, nil, { argument in
                Unmanaged<EchoThread>.fromOpaque(argument!).takeRetainedValue().answer()
                return nil
            }, retained) == 0 else {
                Unmanaged<EchoThread>.fromOpaque(retained).release()
                throw BenchFailure.system("pthread_create")
            }
        }

        private func answer() {
            while case .some(let packet) = try? link.next(timeout: BrokerFloor.stepLimit) {
                guard case .publish(BrokerFloor.inTopic, let payload) = packet else { continue }
                if payload.isEmpty { return }
                guard (try? link.publish(BrokerFloor.outTopic, "{}")) != nil else { return }
            }
        }

        /// Sends the empty message that ends the thread, and waits for it.
        func stop(through sensor: BrokerLink) {
            _ = try? sensor.publish(BrokerFloor.inTopic, "")
            pthread_join(thread, nil)
        }
    }
}

/// Sleeps for `duration`, resuming after signals.
func rest(_ duration: Duration) {
    let (seconds, attoseconds) = duration.components
    var left = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
    while true {
        var asked = left
        guard nanosleep(&asked, &left) != 0, errno == EINTR else { break }
    }
}
