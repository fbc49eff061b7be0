import FirepumpCore
import FirepumpHAL
import FirepumpMQTT
import FirepumpSettings
import FirepumpTestSupport
import Foundation
import Testing

/// Issue 12 item 3 (run-time part): an MQTT client that cannot be set up (here: `MQTT_TLS=true`
/// with a CA file that is not there) does not stop pump supervision. The pins and the state
/// machine come up first and run; the set-up is retried until it works.
@Suite("MQTT set-up failures do not stop the pump", .timeLimit(.minutes(1)))
struct MQTTSetUpFailureTests {
    @Test("a missing CA file: the pump answers its button and runs its deadlines; once the CA is there, the retried set-up connects")
    func missingCAFile() async throws {
        let certificates = try TestCertificates()
        defer { withExtendedLifetime(certificates) {} }
        let laterDirectory = certificates.directory.path + "/arrives-later"
        let missingCA = laterDirectory + "/ca.pem"
        let tlsObserver: (inout MQTTClientOptions) -> Void = { options in
            options.tls = MQTTTLSOptions(
                caFile: certificates.caFile, certFile: certificates.clientCertFile, keyFile: certificates.clientKeyFile)
        }
        try await withBroker(TLSTests.tlsBroker(certificates), observer: tlsObserver) { broker, observer in
            let settings = TLSTests.daemonTLS(certificates, caFile: missingCA).merging([
                "EMERGENCY_BUTTON_PIN": "5", "INPUT_DEBOUNCE": "0", "PRE_OPEN_DELAY": "0.3",
            ]) { _, new in new }
            let daemon = try DaemonUnderTest(port: broker.port, settings: settings, mqttSetUpRetry: .milliseconds(200))
            do {
                try await waitUntil("the button's line requested", context: { daemon.pinReport }) {
                    daemon.pins.info(line: 5)?.hasEdgeCallback == true
                }
                // The button (active low, pulled up) is pressed: a local trigger opens the valves…
                // Pressed twice: a press that lands while the daemon reads its inputs at boot is
                // read as a button held at boot, which is not a press; the second one then is.
                for _ in 0..<2 {
                    daemon.pins.setInputLevel(line: 5, .low)
                    daemon.pins.setInputLevel(line: 5, nil)
                }
                // (Read from the pin history: PRE_OPEN_DELAY later the crank joins the valves, and a
                // poll of the current levels can miss that 0.3 s window on a busy machine.)
                let valves: [Output] = [.mainValve, .primingValve, .refillValve]
                func firstOn(_ output: Output) -> Double? { daemon.changes(of: output).first { $0.level == .high }?.time }
                try await waitUntil("the valves opened", context: { daemon.pinReport }) { valves.allSatisfy { firstOn($0) != nil } }
                // …and PRE_OPEN_DELAY later, a deadline, cranking begins.
                try await waitUntil("cranking", context: { daemon.pinReport }) { daemon.isOn(.ignitionStart) }
                let opened = try #require(valves.compactMap(firstOn).max())
                let cranked = try #require(firstOn(.ignitionStart))
                #expect(opened < cranked, "the crank began before the valves opened:\n\(daemon.pinReport)")
                let others = Output.allCases.filter { !valves.contains($0) }
                #expect(others.allSatisfy { firstOn($0).map { $0 > opened } ?? true }, "not the valves alone at first:\n\(daemon.pinReport)")
                #expect(!daemon.hasEnded)
                #expect(!broker.log.contains(daemon.config.mqtt.clientID ?? "?"), "connected without a CA:\n\(broker.log)")

                try FileManager.default.createDirectory(atPath: laterDirectory, withIntermediateDirectories: true)
                try FileManager.default.copyItem(atPath: certificates.caFile, toPath: missingCA)
                try await observer.event("mqtt_connected", on: daemon.topics.telemetry, after: 0)
            } catch {
                try? await daemon.stop()
                throw error
            }
            try await daemon.stop()
        }
    }
}
