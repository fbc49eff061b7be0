import FirepumpCore

/// A scenario for `firepump simulate`: configuration over the defaults, a duration in virtual
/// seconds, and events in time order (the fixed contract of `docs/simulation.md`).
public struct Scenario: Sendable, Hashable {
    /// Something that happens at an instant of the scenario.
    public enum Happening: Sendable, Hashable {
        /// A message arriving from the broker.
        case mqtt(topic: String, payload: String, retain: Bool)
        /// The electrical level now on an input pin (BCM number).
        case input(pin: Int, level: Int)
        /// The process is killed and started again with its persisted state.
        case restart
        /// The machine reboots (or loses power): the process is killed, every output loses its
        /// drive, and firepump starts again with its persisted state under a new boot id.
        case reboot
    }

    /// One event: when and what.
    public struct Event: Sendable, Hashable {
        public var at: Double
        public var happening: Happening
        /// Its position in the file's `events` array (errors name it as `events[index]`).
        public var index: Int
    }

    /// Settings in the environment's format, applied over the defaults and `--config`.
    public var config: [String: String]
    /// Virtual seconds to run.
    public var duration: Double
    /// Events sorted by `at`; equal instants keep file order.
    public var events: [Event]
    /// The local date and time at t = 0 (`wallclock`).
    public var clock = ScenarioClock.standard
}

/// A scenario that cannot be run: the field and what is wrong with it.
public struct ScenarioError: Error, Sendable, Hashable, CustomStringConvertible {
    public var field: String
    public var problem: String
    /// One line, whatever the file held: control characters in keys and values are escaped.
    public var description: String {
        let text = field.isEmpty ? problem : "\(field): \(problem)"
        return text.unicodeScalars.map { scalar in
            switch scalar.properties.generalCategory {
            case .control, .lineSeparator, .paragraphSeparator: scalar.escaped(asASCII: true)
            default: String(scalar)
            }
        }.joined()
    }

    public init(field: String, problem: String) {
        self.field = field
        self.problem = problem
    }
}
