import MailTransport

/// What a run learned about one endpoint's TLS session, as stored and served.
///
///     {"version": "TLSv1.3", "cipher": "TLS_AES_256_GCM_SHA384", "peer_subject": "CN=mx.example.com",
///      "issuer": "CN=R11,O=Let's Encrypt,C=US", "not_after": "2027-01-31T09:00:00Z", "not_after_unix": 1801386000,
///      "days_left": 59, "verified": true}
public struct RunTLSFacts: Sendable, Hashable, Codable {
    public var version: String
    public var cipher: String
    public var peerSubject: String?
    public var issuer: String?
    /// ISO 8601 UTC.
    public var notAfter: String?
    public var notAfterUnix: Int64?
    /// Whole days from the run to the end of the certificate's validity.
    public var daysLeft: Int?
    public var verified: Bool

    enum CodingKeys: String, CodingKey {
        case version, cipher, issuer, verified
        case peerSubject = "peer_subject"
        case notAfter = "not_after"
        case notAfterUnix = "not_after_unix"
        case daysLeft = "days_left"
    }

    /// The facts of `info`, with days left counted from `nowUnix` (wall-clock seconds).
    public init(_ info: TLSSessionInfo, nowUnix: Int64) {
        version = info.protocolVersion
        cipher = info.cipher
        peerSubject = info.peerSubject
        issuer = info.peerIssuer
        notAfter = info.notAfter.map { ReceivedDate(unixSeconds: $0).iso8601UTC }
        notAfterUnix = info.notAfter
        daysLeft = info.notAfter.map { Int(($0 - nowUnix) / 86_400) }
        verified = info.verified
    }
}
