/// A SASL mechanism MailProbe can authenticate with.
///
///     S: 250-AUTH LOGIN PLAIN XOAUTH2 OAUTHBEARER
///     C: AUTH XOAUTH2 dXNlcj1...
///
/// The raw value is the name on the wire (RFC 4422 §3.1), as announced in
/// SMTP EHLO (RFC 4954) and IMAP CAPABILITY (`AUTH=PLAIN`).
public enum SASLMechanismName: String, Hashable, Sendable, CaseIterable {
    /// RFC 4616: `authzid NUL authcid NUL passwd` in one initial response.
    case plain = "PLAIN"
    /// draft-murchison-sasl-login: username, then password, each answering a challenge.
    case login = "LOGIN"
    /// RFC 2195: `user SP hex(HMAC-MD5(password, challenge))`.
    case cramMD5 = "CRAM-MD5"
    /// Google and Microsoft's OAuth 2.0 bearer token mechanism.
    case xoauth2 = "XOAUTH2"
    /// RFC 7628: OAuth 2.0 bearer token in a GS2 header.
    case oauthBearer = "OAUTHBEARER"

    /// Whether the mechanism sends its credentials in the initial response.
    public var hasInitialResponse: Bool {
        switch self {
        case .plain, .xoauth2, .oauthBearer: true
        case .login, .cramMD5: false
        }
    }

    /// Whether the secret is an OAuth 2.0 access token rather than a password.
    public var usesBearerToken: Bool {
        switch self {
        case .xoauth2, .oauthBearer: true
        case .plain, .login, .cramMD5: false
        }
    }
}
