import FirepumpDaemon
import Logging
import ServiceLifecycle
import UnixSignals

/// SIGUSR2 asks the daemon to hand the run over to the next process instead of stopping it:
/// `firepump stop-request` sends it when systemd is restarting the service (`systemctl restart`,
/// a package upgrade), never when it is stopping it. See `docs/operations.md`, "Upgrades and
/// restarts during a run".
struct HandoverListener: Service {
    /// Already trapping SIGUSR2 (made before the pins are touched: SIGUSR2's default action
    /// would end the process without saving the state).
    let signals: UnixSignalsSequence
    let daemon: Daemon
    let logger: Logger

    func run() async {
        for await _ in signals.cancelOnGracefulShutdown() {
            logger.notice("SIGUSR2: handing the run over to the next process; outputs are left as they are")
            daemon.requestHandover()
        }
    }
}
