import MailTransport

/// Everything one round trip measured.
public struct RoundTripResult: Sendable {
    /// How the message's arrival was noticed.
    public enum ArrivalMode: String, Sendable, Hashable, Codable {
        /// IDLE on one session and fast NOOP polling on another: whichever saw it first.
        case idleAndPoll = "idle+poll"
        /// The IDLE session saw it first (or was the only one watching).
        case idle
        /// Only polling (the server offers no IDLE).
        case poll
    }

    /// The probe message's `X-MailProbe-Id`; nil when no message was sent (an `smtp` probe without
    /// `send`, an `imap` probe).
    public var token: String?
    public var status: ProbeStatus
    public var reasons: [ProbeReason]
    /// In order: `submit.*`, `delivery`, `retrieve.search`, `retrieve.fetch`, `cleanup`, `total`.
    public var phases: [ProbePhase]
    public var arrivalMode: ArrivalMode?
    /// From the server's acceptance of the message to the probe first seeing it in the mailbox.
    public var firstSeenAfterAcceptance: Duration?
    /// From acceptance to the IDLE notification (servers may hold these back: Dovecot by 500 ms).
    public var serverNotifiedAfterAcceptance: Duration?
    /// Where the message was found: the mailbox, or the junk folder.
    public var foundIn: String?
    public var queueID: String?
    /// The SMTP server's reply to the final dot.
    public var finalReply: ProbeRunRecord.Reply?
    /// The server's INTERNALDATE of the message, as sent.
    public var internalDate: String?
    /// The Received chain, oldest hop first.
    public var hops: [Hop]
    public var smtpTLS: TLSSessionInfo?
    public var imapTLS: TLSSessionInfo?
    /// Older probe messages deleted by the sweep.
    public var sweptMessages: Int
    /// The address that answered, per endpoint role (`smtp`, `imap`), where the probe knows it.
    public var addresses: [String: String] = [:]
    /// The mailbox an IMAP service probe selected.
    public var mailbox: RunMailbox?
    /// What an IMAP service probe saw while watching the mailbox.
    public var idle: RunIdleWatch?
    /// `[ALERT]` texts from the IMAP server.
    public var alerts: [String] = []

    /// Protocol transcripts (credentials masked) when the configurations record them:
    /// `smtp`, `imap.idle` (the watching session), `imap.poll` (the searching one).
    public var traces: [(session: String, entries: [TraceEntry])] = []

    /// When the measured work ended (before waiting for a late IDLE notification to report).
    var finishedAt: ContinuousClock.Instant?

    public init(token: String?) {
        self.token = token
        self.status = .ok
        self.reasons = []
        self.phases = []
        self.hops = []
        self.sweptMessages = 0
    }

    public func phase(_ name: String) -> ProbePhase? {
        phases.first { $0.name == name }
    }

    /// Adds a reason and raises the status to at least its level.
    mutating func add(_ reason: ProbeReason) {
        reasons.append(reason)
        status = max(status, reason.status)
    }

    /// "the probe ran and the service answered", independent of thresholds.
    public var ok: Bool { status == .ok }
}
