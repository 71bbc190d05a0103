/// Why an SMTP operation failed: the phase, the command, and the server's reply.
///
/// The description names the phase and quotes the reply, e.g.
/// `rcpt_to: recipient <nobody@example.test> rejected: 550 5.1.1 <nobody@example.test>: Recipient address rejected: User unknown`.
/// Credentials never appear: commands are kept in their redacted form.
public struct SMTPError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is; extensible.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The server answered with a 4xx or 5xx reply.
        public static let rejected = Code("rejected")
        /// The server refused the credentials (535 and friends).
        public static let authenticationFailed = Code("auth_failed")
        /// TLS was required but the server does not offer STARTTLS.
        public static let tlsNotOffered = Code("tls_not_offered")
        /// The TLS handshake or certificate verification failed.
        public static let tlsFailed = Code("tls_failed")
        /// Credentials would have gone over an unencrypted connection.
        public static let plaintextAuthenticationRefused = Code("plaintext_auth_refused")
        /// No authentication mechanism both sides support.
        public static let authenticationUnavailable = Code("auth_unavailable")
        /// The server's bytes are not valid SMTP, or a reply came in the wrong order.
        public static let protocolViolation = Code("protocol_error")
        public static let timedOut = Code("timeout")
        public static let connectionFailed = Code("connect_failed")
        public static let connectionClosed = Code("connection_closed")
        public static let cancelled = Code("cancelled")
        /// The caller asked for something impossible (bad address, wrong state).
        public static let invalidRequest = Code("invalid_request")
        /// The message is larger than the server's advertised SIZE.
        public static let messageTooLarge = Code("message_too_large")
    }

    public var code: Code
    public var phase: SMTPPhase
    /// The command in flight, redacted (`AUTH PLAIN ****`).
    public var command: String?
    /// The server's reply, when one caused or accompanied the failure.
    public var reply: SMTPReply?
    /// Human explanation, without the reply (which `description` appends).
    public var message: String
    /// The lower-level cause (a transport or parse error), if any.
    public var underlying: (any Error & Sendable)?

    public init(
        _ code: Code,
        phase: SMTPPhase,
        command: String? = nil,
        reply: SMTPReply? = nil,
        message: String,
        underlying: (any Error & Sendable)? = nil
    ) {
        self.code = code
        self.phase = phase
        self.command = command
        self.reply = reply
        self.message = message
        self.underlying = underlying
    }

    /// True when the server said the failure is temporary (a 4xx reply).
    public var isTransient: Bool { reply?.kind == .transientNegative }

    /// True when the server said the failure is permanent (a 5xx reply).
    public var isPermanent: Bool { reply?.kind == .permanentNegative }

    /// The message and the server's reply, without the phase.
    public var detail: String {
        guard let reply else { return message }
        return "\(message): server replied \(reply)"
    }

    public var description: String { "\(phase): \(detail)" }
}
