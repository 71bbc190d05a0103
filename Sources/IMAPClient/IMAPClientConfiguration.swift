import IMAPCore
import MailCore
import MailTransport

/// Where and how an ``IMAPConnection`` connects, authenticates and times out.
public struct IMAPClientConfiguration: Sendable {
    /// How the connection is protected: the same rules for SMTP and IMAP.
    public typealias Security = MailSecurity

    /// A deadline for every network step.
    public struct Timeouts: Sendable, Hashable {
        /// Name resolution and TCP connect, together.
        public var connect: Duration
        public var tlsHandshake: Duration
        /// The greeting and each command's completion (not IDLE, which waits as long as asked).
        public var command: Duration

        public init(connect: Duration = .seconds(30), tlsHandshake: Duration = .seconds(30), command: Duration = .seconds(120)) {
            self.connect = connect
            self.tlsHandshake = tlsHandshake
            self.command = command
        }

        public static func uniform(_ limit: Duration) -> Timeouts {
            Timeouts(connect: limit, tlsHandshake: limit, command: limit)
        }
    }

    public var host: String
    public var port: UInt16
    public var security: Security
    /// CA file, server name and verification; the server name defaults to ``host``.
    public var tls: TLSConfiguration
    /// `nil` connects without logging in (a PREAUTH server, or only CAPABILITY wanted).
    public var authentication: MailAuthentication?
    /// Use LOGIN for passwords when no mechanism is named (else AUTHENTICATE PLAIN).
    public var prefersLogin: Bool
    public var timeouts: Timeouts
    /// Re-issue IDLE this often; RFC 2177 says servers may drop an IDLE after 30 minutes.
    public var idleRefreshInterval: Duration
    /// The IDLE watchdog: after this long without a byte from the server (keep-alives such as
    /// `* OK Still here` count; Dovecot sends one every 2 minutes) IDLE is re-issued early, so
    /// that a dead connection fails within this plus the command timeout instead of going unnoticed.
    public var idleSilenceLimit: Duration
    /// Without IDLE, poll with NOOP this often.
    public var pollInterval: Duration
    /// Keep a transcript in ``IMAPConnection/trace``.
    public var recordsTrace: Bool
    /// Show literal contents in the trace (else `{N bytes}`).
    public var tracesLiterals: Bool
    public var observer: (any ConnectionObserver)?
    public var parserOptions: IMAPParserOptions

    public init(
        host: String,
        port: UInt16,
        security: Security = .startTLSIfOffered,
        tls: TLSConfiguration = TLSConfiguration(),
        authentication: MailAuthentication? = nil,
        prefersLogin: Bool = false,
        timeouts: Timeouts = Timeouts(),
        idleRefreshInterval: Duration = .seconds(28 * 60),
        idleSilenceLimit: Duration = .seconds(5 * 60),
        pollInterval: Duration = .seconds(15),
        recordsTrace: Bool = false,
        tracesLiterals: Bool = false,
        observer: (any ConnectionObserver)? = nil,
        parserOptions: IMAPParserOptions = IMAPParserOptions()
    ) {
        self.host = host
        self.port = port
        self.security = security
        self.tls = tls
        self.authentication = authentication
        self.prefersLogin = prefersLogin
        self.timeouts = timeouts
        self.idleRefreshInterval = idleRefreshInterval
        self.idleSilenceLimit = idleSilenceLimit
        self.pollInterval = pollInterval
        self.recordsTrace = recordsTrace
        self.tracesLiterals = tracesLiterals
        self.observer = observer
        self.parserOptions = parserOptions
    }

    /// The usual port: 993 for implicit TLS, else 143.
    public static func defaultPort(security: Security) -> UInt16 {
        security == .implicitTLS ? 993 : 143
    }

    /// The TLS settings with the server name defaulted to the host connected to.
    var effectiveTLS: TLSConfiguration { tls.defaultingServerName(to: host) }
}

/// How long one IMAP phase took.
public typealias IMAPPhaseTiming = PhaseTiming<IMAPPhase>

/// A notification with the monotonic instant its bytes arrived.
public struct IMAPNotificationEvent: Sendable, Hashable {
    public var notification: IMAPNotification
    public var instant: ContinuousClock.Instant
}
