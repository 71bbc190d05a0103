/// Why an IMAP operation failed: the phase, the command, and the server's reply.
///
/// The description names the phase and quotes the tagged reply, e.g.
/// `auth: authentication failed: server replied NO [AUTHENTICATIONFAILED] Authentication failed.`
/// Commands are kept in their redacted form: no password or SASL payload appears.
public struct IMAPError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is; extensible.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The server answered NO.
        public static let no = Code("no")
        /// The server answered BAD: it did not understand the command.
        public static let bad = Code("bad")
        /// The server said BYE, or refused the connection in its greeting.
        public static let bye = Code("bye")
        /// The server refused the credentials.
        public static let authenticationFailed = Code("auth_failed")
        /// TLS was required but the server does not offer STARTTLS.
        public static let tlsNotOffered = Code("tls_not_offered")
        /// The TLS handshake or certificate verification failed.
        public static let tlsFailed = Code("tls_failed")
        /// Credentials would have gone over an unencrypted connection.
        public static let plaintextAuthenticationRefused = Code("plaintext_auth_refused")
        /// The server forbids LOGIN (LOGINDISABLED) or offers no usable mechanism.
        public static let authenticationUnavailable = Code("auth_unavailable")
        /// The server's bytes are not valid IMAP, or arrived out of order.
        public static let protocolViolation = Code("protocol_error")
        public static let timedOut = Code("timeout")
        public static let connectionFailed = Code("connect_failed")
        public static let connectionClosed = Code("connection_closed")
        public static let cancelled = Code("cancelled")
        /// The command is not allowed in the session's present state, or its arguments are invalid.
        public static let invalidRequest = Code("invalid_request")
    }

    public var code: Code
    public var phase: IMAPPhase
    /// The command in flight, redacted (`A0003 LOGIN alice ****`).
    public var command: String?
    /// The server's reply (tagged NO/BAD, or an untagged BYE), when there was one.
    public var response: IMAPStatusResponse?
    /// Human explanation, without the reply (which `description` appends).
    public var message: String
    /// The lower-level cause (a transport or parse error), if any.
    public var underlying: (any Error & Sendable)?

    public init(
        _ code: Code,
        phase: IMAPPhase,
        command: String? = nil,
        response: IMAPStatusResponse? = nil,
        message: String,
        underlying: (any Error & Sendable)? = nil
    ) {
        self.code = code
        self.phase = phase
        self.command = command
        self.response = response
        self.message = message
        self.underlying = underlying
    }

    /// The message and the server's reply, without the phase.
    public var detail: String {
        guard let response else { return message }
        return "\(message): server replied \(response)"
    }

    public var description: String { "\(phase): \(detail)" }
}
