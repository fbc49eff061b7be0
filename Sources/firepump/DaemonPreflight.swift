import FirepumpCore
import FirepumpDaemon
import FirepumpSettings

/// The checks `check-config` and `run` make of the daemon's settings beyond their values:
/// TLS files and what libmosquitto would refuse (issue 12 item 3). `run` makes them before it
/// touches the pins, so a bad setting is exit status 2, never a daemon that starts, fails and
/// leaves a resumed run unsupervised.
enum DaemonPreflight {
    /// - Throws: ``CommandFailure`` with exit status 2, naming the setting where it can.
    static func check(_ config: DaemonConfig, host: String = hostName(), machineID: String? = readMachineID()) throws(CommandFailure) {
        do {
            try MQTTSettings.checkFiles(config.mqtt)
        } catch {
            throw CommandFailure("configuration error: \(error)")
        }
        do {
            try MQTTSettings.trial(config.mqtt, host: host, machineID: machineID)
        } catch {
            throw CommandFailure("configuration error: libmosquitto refuses the MQTT settings: \(error)")
        }
    }
}
