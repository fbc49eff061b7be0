import ArgumentParser
import FirepumpCore
import FirepumpDaemon
import FirepumpSettings
import Glibc

/// `firepump exercise`: asks the running controller for an exercise run now.
struct Exercise: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Ask the controller for an exercise run now (publishes `exercise` on the emergency topic).",
        discussion: """
            Uses the daemon's broker settings (MQTT_BROKER, MQTT_PORT, TLS, credentials, TOPIC_PREFIX, \
            EMERGENCY_TOPIC) from --config and the environment. The controller answers on the telemetry \
            topic with exercise_started, or exercise_skipped and its reason.
            Exit status: 0 once the broker has the command, 1 when the broker cannot be reached, 2 for bad settings.
            """
    )

    @OptionGroup var settings: SettingsOptions

    @Option(help: "Seconds to wait for the broker to accept the connection.")
    var timeout: Double = 10

    func run() async throws {
        guard timeout > 0, timeout <= 600 else {
            printError("firepump exercise: --timeout must be more than 0 and at most 600 seconds")
            throw ExitCode(2)
        }
        let loaded = try settings.loadPrintingNotes()
        let topic: String
        do {
            topic = try await CommandSender.send(.exercise, config: loaded.config, clientID: "firepump-exercise-\(getpid())", timeout: .milliseconds(Int(timeout * 1000)))
        } catch {
            printError("firepump exercise: \(error)")
            throw ExitCode(1)
        }
        print("exercise requested on \(topic)")
    }
}
