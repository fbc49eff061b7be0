/// TLS to the broker. The broker's certificate is always verified against `caFile`, and its
/// name (or IP address) must match the host the client connects to.
public struct MQTTTLSOptions: Sendable, Equatable {
    /// PEM file with the CA certificate(s) that signed the broker's certificate.
    public var caFile: String
    /// PEM client certificate, for brokers that require one. Set together with `keyFile`.
    public var certFile: String?
    /// PEM private key of `certFile`, unencrypted. Set together with `certFile`.
    public var keyFile: String?

    /// TLS trusting `caFile`, optionally presenting a client certificate.
    public init(caFile: String, certFile: String? = nil, keyFile: String? = nil) {
        self.caFile = caFile
        self.certFile = certFile
        self.keyFile = keyFile
    }
}
