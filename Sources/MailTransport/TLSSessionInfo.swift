/// What a completed TLS handshake negotiated and what the peer presented.
public struct TLSSessionInfo: Sendable, Hashable {
    /// `"TLSv1.3"`, `"TLSv1.2"`.
    public var protocolVersion: String
    /// OpenSSL cipher name: `"TLS_AES_256_GCM_SHA384"`.
    public var cipher: String
    /// One-line RFC 2253 subject: `"CN=localhost,O=MailProbe Test"`.
    public var peerSubject: String?
    /// One-line RFC 2253 issuer.
    public var peerIssuer: String?
    /// DNS names and IP addresses from the subjectAltName extension, in order.
    public var subjectAltNames: [String]
    /// Start of the certificate's validity, Unix seconds.
    public var notBefore: Int64?
    /// End of the certificate's validity, Unix seconds.
    public var notAfter: Int64?
    /// True when the chain and name were verified; false when verification was off.
    public var verified: Bool

    public init(
        protocolVersion: String,
        cipher: String,
        peerSubject: String? = nil,
        peerIssuer: String? = nil,
        subjectAltNames: [String] = [],
        notBefore: Int64? = nil,
        notAfter: Int64? = nil,
        verified: Bool
    ) {
        self.protocolVersion = protocolVersion
        self.cipher = cipher
        self.peerSubject = peerSubject
        self.peerIssuer = peerIssuer
        self.subjectAltNames = subjectAltNames
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.verified = verified
    }
}
