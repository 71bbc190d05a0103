/// How a client verifies the server during a TLS handshake.
///
/// Connections with equal configurations (ignoring ``serverName``) share one
/// OpenSSL context, so loading the system trust store happens once.
public struct TLSConfiguration: Sendable, Hashable {
    /// The name sent as SNI and checked against the certificate; nil = the host connected to.
    public var serverName: String?
    /// PEM file of trusted CAs; nil = the system default store.
    public var caFile: String?
    /// When false, any certificate is accepted and ``TLSSessionInfo/verified`` is false.
    public var verifyPeer: Bool

    public init(serverName: String? = nil, caFile: String? = nil, verifyPeer: Bool = true) {
        self.serverName = serverName
        self.caFile = caFile
        self.verifyPeer = verifyPeer
    }
}

/// The certificate and key a server presents (test servers).
public struct TLSServerConfiguration: Sendable, Hashable {
    /// PEM file: the leaf certificate first, then intermediates.
    public var certificateChainFile: String
    /// PEM file with the private key of the leaf certificate.
    public var privateKeyFile: String

    public init(certificateChainFile: String, privateKeyFile: String) {
        self.certificateChainFile = certificateChainFile
        self.privateKeyFile = privateKeyFile
    }
}

extension TLSConfiguration {
    /// This configuration with the name to send (SNI) and verify set to `host` unless one was given.
    public func defaultingServerName(to host: String) -> TLSConfiguration {
        var tls = self
        if tls.serverName == nil { tls.serverName = host }
        return tls
    }
}
