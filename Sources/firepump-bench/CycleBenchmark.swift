import FirepumpCore
import Glibc

/// Drives a running `firepump run --mock` from outside, as a sensor and a dashboard would.
///
/// Each cycle starts from IDLE on a quiet daemon: a trigger is published on one connection (the
/// sensor's) and the time until the first telemetry event arrives on another (the dashboard's)
/// is the latency. Then `stop` and `reset` on the emergency topic bring the pump back through
/// LOCKOUT to IDLE. CPU time and context switches of the daemon are read from `/proc` before the
/// first cycle and after the last, and divided by the number of cycles.
enum CycleBenchmark {
    /// How long any one step may take before the benchmark gives up.
    private static let stepLimit: Duration = .seconds(10)

    /// The reference's default topics (firepump's without `TOPIC_PREFIX`); the daemon's retained
    /// state is under its host name.
    private struct Topics {
        let trigger = "fire/trigger"
        let emergency = "fire/emergency"
        let telemetry = "system/trigger_telemetry"
        let state: String

        init(host: String) {
            state = "\(telemetry)/\(host)/state"
        }
    }

    static func run(_ options: BenchOptions) throws(BenchFailure) -> Figures {
        let idle = try ProcessCounters.residentMemory(pid: options.pid)
        let topics = Topics(host: options.host)
        let dashboard = try BrokerLink(port: options.port, clientID: "firepump-bench-dashboard-\(getpid())", timeout: stepLimit)
        try dashboard.subscribe([topics.telemetry, topics.state], timeout: stepLimit)
        let sensor = try BrokerLink(port: options.port, clientID: "firepump-bench-sensor-\(getpid())", timeout: stepLimit)
        try waitFor(dashboard, state: "IDLE", event: nil, topics: topics)
        try settle(dashboard, sensor, options)

        let before = try ProcessCounters(pid: options.pid)
        var samples: [Duration] = []
        samples.reserveCapacity(options.count)
        for _ in 0..<options.count {
            let published = ContinuousClock.now
            try sensor.publish(topics.trigger, #"{"action":"trigger"}"#)
            try awaitFirstEvent(dashboard, topics: topics)
            samples.append(ContinuousClock.now - published)
            try sensor.publish(topics.emergency, "stop")
            try waitFor(dashboard, state: "LOCKOUT", event: "emergency_stop", topics: topics)
            try sensor.publish(topics.emergency, "reset")
            try waitFor(dashboard, state: "IDLE", event: "emergency_reset", topics: topics)
            try settle(dashboard, sensor, options)
        }
        let after = try ProcessCounters(pid: options.pid)
        return Figures(
            latency: LatencySummary(samples),
            cpuPerCycle: (after.cpu - before.cpu) / options.count,
            contextSwitchesPerCycle: Double(after.contextSwitches - before.contextSwitches) / Double(options.count),
            idleRSSKilobytes: idle.rss, idleAnonymousKilobytes: idle.anonymous)
    }

    /// Waits for the first event on the telemetry topic (a periodic health report does not count).
    private static func awaitFirstEvent(_ dashboard: BrokerLink, topics: Topics) throws(BenchFailure) {
        while true {
            guard case .publish(topics.telemetry, let payload) = try dashboard.next(timeout: stepLimit) else { continue }
            if field("action", of: payload) != "health_report" { return }
        }
    }

    /// Waits until the state topic said `state` and, when given, the telemetry topic `event`, in
    /// either order: the next trigger's first event must not be taken from this step's messages.
    private static func waitFor(_ dashboard: BrokerLink, state: String, event: String?, topics: Topics) throws(BenchFailure) {
        var stateSeen = false
        var eventSeen = event == nil
        while !(stateSeen && eventSeen) {
            guard case .publish(let topic, let payload) = try dashboard.next(timeout: stepLimit) else { continue }
            if topic == topics.state, field("state", of: payload) == state { stateSeen = true }
            if topic == topics.telemetry, let event, field("action", of: payload) == event { eventSeen = true }
        }
    }

    /// Lets the daemon finish the step (a save, a log line) before the next trigger, then drops
    /// what arrived meanwhile.
    private static func settle(_ dashboard: BrokerLink, _ sensor: BrokerLink, _ options: BenchOptions) throws(BenchFailure) {
        rest(options.gap)
        try dashboard.drain()
        try sensor.drain()
    }

    private static func field(_ name: String, of payload: [UInt8]) -> String? {
        (try? JSONReader.parse(payload))?[name]?.stringValue
    }
}
