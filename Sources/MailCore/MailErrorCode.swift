/// What kind of failure an SMTP or IMAP operation met; extensible.
///
/// The codes both protocols share are here; `SMTPCore` adds `rejected` and
/// `messageTooLarge`, `IMAPCore` adds `no`, `bad` and `bye`. The raw values
/// are what `mailprobe --json` reports.
public struct MailErrorCode: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    /// The server refused the credentials.
    public static let authenticationFailed = MailErrorCode("auth_failed")
    /// TLS was required but the server does not offer STARTTLS.
    public static let tlsNotOffered = MailErrorCode("tls_not_offered")
    /// The TLS handshake or certificate verification failed.
    public static let tlsFailed = MailErrorCode("tls_failed")
    /// Credentials would have gone over an unencrypted connection.
    public static let plaintextAuthenticationRefused = MailErrorCode("plaintext_auth_refused")
    /// No usable authentication mechanism (or the server forbids LOGIN: LOGINDISABLED).
    public static let authenticationUnavailable = MailErrorCode("auth_unavailable")
    /// The server's bytes are not valid protocol, or a reply came in the wrong order.
    public static let protocolViolation = MailErrorCode("protocol_error")
    public static let timedOut = MailErrorCode("timeout")
    public static let connectionFailed = MailErrorCode("connect_failed")
    public static let connectionClosed = MailErrorCode("connection_closed")
    public static let cancelled = MailErrorCode("cancelled")
    /// The caller asked for something impossible: invalid arguments, or a command the session's state does not allow.
    public static let invalidRequest = MailErrorCode("invalid_request")
}
