import FirepumpCore
import FirepumpMQTT
import FirepumpSettings
import Glibc

extension MQTTSettings {
    /// What can be known about the MQTT settings before the daemon starts (issue 12 item 3):
    /// with `MQTT_TLS=true` the CA file, and the client certificate and key when set, must be
    /// readable regular files, and the certificate and key come together. `check-config` and
    /// `run` (before it touches the pins) both call it. A file that vanishes later is a run-time
    /// matter: the daemon then keeps the pump supervised and retries.
    ///
    /// - Throws: ``ConfigError`` naming the setting.
    public static func checkFiles(_ mqtt: MQTTConfig) throws(ConfigError) {
        guard mqtt.tls else { return }
        if (mqtt.certPath == nil) != (mqtt.keyPath == nil) {
            let (key, value) = mqtt.certPath == nil ? ("TLS_KEY_PATH", mqtt.keyPath ?? "") : ("TLS_CERT_PATH", mqtt.certPath ?? "")
            throw ConfigError(key: key, value: value, rule: "TLS_CERT_PATH and TLS_KEY_PATH must be set together")
        }
        let files = [("TLS_CA_PATH", mqtt.caPath), ("TLS_CERT_PATH", mqtt.certPath), ("TLS_KEY_PATH", mqtt.keyPath)]
        for case let (key, path?) in files {
            if let problem = readableFileProblem(path) {
                throw ConfigError(key: key, value: path, rule: "\(problem) (needed with MQTT_TLS=true)")
            }
        }
    }

    /// Sets up, and drops unused, the libmosquitto client the daemon would make from these
    /// settings, so that what libmosquitto refuses is known before the pins are touched.
    ///
    /// - Throws: the ``MosquittoError`` libmosquitto gave.
    public static func trial(_ mqtt: MQTTConfig, host: String, machineID: String?) throws(MosquittoError) {
        let topics = Topics(mqtt, host: host)
        _ = try MosquittoClient(options: options(mqtt, host: host, machineID: machineID, topics: topics))
    }

    /// Why `path` cannot be read as a file, or nil when it can.
    static func readableFileProblem(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return "cannot be read: \(String(cString: strerror(errno)))" }
        guard info.st_mode & S_IFMT == S_IFREG else { return "is not a regular file" }
        guard access(path, R_OK) == 0 else { return "cannot be read: \(String(cString: strerror(errno)))" }
        return nil
    }
}
