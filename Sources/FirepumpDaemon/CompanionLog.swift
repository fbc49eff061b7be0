import FirepumpMQTT
import Logging
import Synchronization

/// The log of the companion connection (wildfire-watch's plain availability). The main
/// connection already reports the broker's state, so the companion speaks only when it fails
/// while the main connection is up (its topic then reads `offline` although firepump is
/// online), once per streak, and when it is back.
final class CompanionLog: Sendable {
    private let clientID: String
    private let logger: Logger
    private let mainIsConnected: @Sendable () -> Bool
    private let failing = Mutex(false)

    init(clientID: String, logger: Logger, mainIsConnected: @escaping @Sendable () -> Bool) {
        self.clientID = clientID
        self.logger = logger
        self.mainIsConnected = mainIsConnected
    }

    /// Takes one client event (on the companion's network thread).
    func record(_ event: MQTTClientEvent) {
        switch event {
        case .connected:
            let wasFailing = failing.withLock { failing in
                defer { failing = false }
                return failing
            }
            guard wasFailing else { return }
            logger.notice("availability connection back: system/gpio_trigger/lwt reads online", metadata: ["mqtt.client_id": "\(clientID)"])
        case .connectionFailed(let error):
            guard mainIsConnected() else { return }
            let wasFailing = failing.withLock { failing in
                defer { failing = true }
                return failing
            }
            guard !wasFailing else { return }
            logger.warning("the availability connection cannot connect while the main one can: system/gpio_trigger/lwt reads offline", metadata: [
                "mqtt.client_id": "\(clientID)", "error": "\(error)",
            ])
        case .disconnected, .message:
            break
        }
    }
}
