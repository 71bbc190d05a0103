import MailCore
import MailTransport
import SMTPCore

/// Where and how an ``SMTPConnection`` connects, authenticates and times out.
public struct SMTPClientConfiguration: Sendable {
    /// How the connection is protected: the same rules for SMTP and IMAP.
    public typealias Security = MailSecurity

    /// A deadline for every network step.
    public struct Timeouts: Sendable, Hashable {
        /// Name resolution and TCP connect, together.
        public var connect: Duration
        public var tlsHandshake: Duration
        /// Waiting for any reply but the one to the final dot.
        public var reply: Duration
        /// Waiting for the reply to the final dot (RFC 5321 §4.5.3.2.6 suggests 10 minutes).
        public var dataAccepted: Duration

        public init(connect: Duration = .seconds(30), tlsHandshake: Duration = .seconds(30),
                    reply: Duration = .seconds(300), dataAccepted: Duration = .seconds(600)) {
            self.connect = connect
            self.tlsHandshake = tlsHandshake
            self.reply = reply
            self.dataAccepted = dataAccepted
        }

        /// The same limit for every step.
        public static func uniform(_ limit: Duration) -> Timeouts {
            Timeouts(connect: limit, tlsHandshake: limit, reply: limit, dataAccepted: limit)
        }
    }

    public var host: String
    public var port: UInt16
    public var security: Security
    /// CA file, server name and verification; the server name defaults to ``host``.
    public var tls: TLSConfiguration
    /// The name sent with EHLO / HELO.
    public var clientHostname: String
    public var authentication: SMTPAuthentication?
    /// Pipeline MAIL, RCPT and DATA when the server offers PIPELINING.
    public var usesPipelining: Bool
    public var timeouts: Timeouts
    /// Keep a transcript of every line (credentials masked) in ``SMTPConnection/trace``.
    public var recordsTrace: Bool
    /// Receives every connection event; `nil` costs nothing.
    public var observer: (any ConnectionObserver)?
    public var parserOptions: SMTPReplyParser.Options

    public init(
        host: String,
        port: UInt16,
        security: Security = .startTLSIfOffered,
        tls: TLSConfiguration = TLSConfiguration(),
        clientHostname: String = "localhost",
        authentication: SMTPAuthentication? = nil,
        usesPipelining: Bool = true,
        timeouts: Timeouts = Timeouts(),
        recordsTrace: Bool = false,
        observer: (any ConnectionObserver)? = nil,
        parserOptions: SMTPReplyParser.Options = SMTPReplyParser.Options()
    ) {
        self.host = host
        self.port = port
        self.security = security
        self.tls = tls
        self.clientHostname = clientHostname
        self.authentication = authentication
        self.usesPipelining = usesPipelining
        self.timeouts = timeouts
        self.recordsTrace = recordsTrace
        self.observer = observer
        self.parserOptions = parserOptions
    }

    /// The usual port: 465 for implicit TLS, 587 (submission, RFC 6409) when
    /// authenticating, else 25.
    public static func defaultPort(security: Security, authenticating: Bool) -> UInt16 {
        security == .implicitTLS ? 465 : (authenticating ? 587 : 25)
    }

    /// The TLS settings with the server name defaulted to the host connected to.
    var effectiveTLS: TLSConfiguration { tls.defaultingServerName(to: host) }
}
