import FirepumpCore
import Testing

/// Reference §3.3's warnings-only timing checks: accepted, but the operator is told.
@Suite("Timing advice")
struct TimingAdviceTests {
    @Test("the defaults draw no advice")
    func defaultsAreQuiet() {
        #expect(TimingAdvice.notes(for: PumpConfig().timing).isEmpty)
    }

    @Test("each questionable timing draws one note naming its settings", arguments: [
        (["MAX_ENGINE_RUNTIME": "100", "PRIMING_DURATION": "30", "IGNITION_START_DURATION": "20", "HEALTH_INTERVAL": "30", "FIRE_OFF_DELAY": "100"], "leaves 50 s"),
        (["PRIMING_DURATION": "20"], "PRIMING_DURATION (20)"),
        (["PRIMING_DURATION": "301"], "PRIMING_DURATION (301)"),
        (["IGNITION_START_DURATION": "2"], "IGNITION_START_DURATION (2)"),
        (["IGNITION_START_DURATION": "31"], "IGNITION_START_DURATION (31)"),
        (["REFILL_MULTIPLIER": "1.2"], "REFILL_MULTIPLIER (1.2)"),
        (["VALVE_CLOSE_DELAY": "3"], "VALVE_CLOSE_DELAY (3) is shorter than IGNITION_OFF_DURATION (5)"),
        (["HEALTH_INTERVAL": "601"], "HEALTH_INTERVAL (601)"),
        (["FIRE_OFF_DELAY": "1801"], "FIRE_OFF_DELAY (1801) is longer than MAX_ENGINE_RUNTIME (1800)"),
    ])
    func eachRule(settings: [String: String], expected: String) throws {
        let notes = TimingAdvice.notes(for: try pumpConfig(settings).timing)
        #expect(notes.count == 1)
        #expect(notes.first?.contains(expected) == true, "\(notes)")
    }

    @Test("a value on the boundary draws none")
    func boundaries() throws {
        let settings = ["PRIMING_DURATION": "30", "IGNITION_START_DURATION": "3", "REFILL_MULTIPLIER": "1.5",
                        "VALVE_CLOSE_DELAY": "5", "HEALTH_INTERVAL": "600", "FIRE_OFF_DELAY": "1800"]
        #expect(TimingAdvice.notes(for: try pumpConfig(settings).timing).isEmpty)
    }
}
