/// Who authenticates, and with what secret.
///
/// ``secret`` is a password for PLAIN, LOGIN and CRAM-MD5 and an OAuth 2.0
/// access token for XOAUTH2 and OAUTHBEARER. ``description`` never shows it.
public struct SASLCredentials: Sendable, Hashable {
    /// The authentication identity (RFC 4422 §2: authcid), usually the mailbox address.
    public var user: String
    /// The password or access token.
    public var secret: String
    /// The identity to act as, when it differs from ``user`` (RFC 4422 §2: authzid).
    public var authorizationID: String?

    public init(user: String, secret: String, authorizationID: String? = nil) {
        self.user = user
        self.secret = secret
        self.authorizationID = authorizationID
    }
}

extension SASLCredentials: CustomStringConvertible, CustomDebugStringConvertible {
    /// `SASLCredentials(user: tim, secret: ****)`.
    public var description: String {
        var result = "SASLCredentials(user: \(user)"
        if let authorizationID {
            result += ", authorizationID: \(authorizationID)"
        }
        return result + ", secret: ****)"
    }

    public var debugDescription: String { description }
}
