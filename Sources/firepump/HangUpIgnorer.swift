import Logging
import ServiceLifecycle
import UnixSignals

/// SIGHUP (`systemctl reload`, a closed terminal) is logged and ignored: firepump does not reload
/// its settings, and its default action would end the process without the stop steps, like
/// SIGKILL. Restart the service to apply new settings.
struct HangUpIgnorer: Service {
    /// Already trapping SIGHUP (made before the pins are touched, so no early SIGHUP kills).
    let signals: UnixSignalsSequence
    let logger: Logger

    func run() async {
        for await _ in signals.cancelOnGracefulShutdown() {
            logger.warning("SIGHUP ignored: settings are not reloaded; restart the service to apply changed settings")
        }
    }
}
