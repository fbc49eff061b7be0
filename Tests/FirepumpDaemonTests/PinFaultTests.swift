import FirepumpCore
import FirepumpHAL
import FirepumpTestSupport
import Testing

/// A pin driver's edge reader that stops is a lost input, published and treated as a broken wire.
@Suite("Pin faults through a real broker", .timeLimit(.minutes(1)))
struct PinFaultTests {
    @Test("a dead line-pressure reader: input_lost and a trouble are published, then the input reads as a broken wire")
    func deadReader() async throws {
        try await withBrokerAndDaemon(settings: ["LINE_PRESSURE_PIN": "20"]) { _, observer, daemon in
            let topics = daemon.topics
            try await observer.event("mqtt_connected", on: topics.telemetry, after: 0)
            let mark = await observer.log.mark
            daemon.pinFaults.report(PinDriverError(
                kind: .systemError, operation: "gpiod_line_event_read_fd_multiple", chip: "gpiochip0", line: 20, errno: 5,
                detail: "Input/output error"))
            let lost = try await observer.event("input_lost", on: topics.telemetry, after: mark)
            #expect(lost["input"] == "line_pressure")
            #expect(lost["error"]?.stringValue?.contains("line 20 on gpiochip0") == true)
            let trouble = try await observer.event("trouble_raised", on: topics.telemetry, after: mark)
            #expect(trouble["trouble"] == "input_lost")
            #expect(trouble["subject"] == "line_pressure")
        }
    }
}
