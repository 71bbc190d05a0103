/// Credentials for SMTP AUTH (RFC 4954) or IMAP LOGIN / AUTHENTICATE, and how to present them.
public struct MailAuthentication: Sendable, Hashable, CustomStringConvertible {
    public enum Secret: Sendable, Hashable {
        case password(String)
        /// An OAuth 2.0 access token (XOAUTH2 / OAUTHBEARER).
        case oauth2Token(String)
    }

    public var user: String
    public var secret: Secret
    /// The SASL mechanism to use; `nil` picks the best one the server offers.
    public var mechanism: SASLMechanismName?

    public init(user: String, secret: Secret, mechanism: SASLMechanismName? = nil) {
        self.user = user
        self.secret = secret
        self.mechanism = mechanism
    }

    /// Mechanisms we would use, most preferred first.
    public var preferredMechanisms: [SASLMechanismName] {
        if let mechanism { return [mechanism] }
        switch secret {
        case .password: return [.plain, .login, .cramMD5]
        case .oauth2Token: return [.xoauth2, .oauthBearer]
        }
    }

    public var credentials: SASLCredentials {
        switch secret {
        case .password(let password): SASLCredentials(user: user, secret: password)
        case .oauth2Token(let token): SASLCredentials(user: user, secret: token)
        }
    }

    public var description: String { "MailAuthentication(user: \(user), secret: ****)" }
}
