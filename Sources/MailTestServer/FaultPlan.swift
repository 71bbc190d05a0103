/// What the test server does wrong, and when: per-phase faults plus session-wide tricks.
///
///     var plan = FaultPlan(every: 2)
///     plan.add(.delay(.milliseconds(200)), at: .smtp("rcpt_to"))
///     plan.add(.reply(code: "451", text: "4.3.0 try later"), at: .smtp("mail_from"))
///     plan.add(.drop, at: .imap("select"))
///     plan.add(.junk, at: .delivery)      // or .corrupt
///
/// Phase names are the clients' own (``FaultPhase``). With ``every`` = N only
/// sessions N, 2N, 3N, … of each protocol are affected (SMTP and IMAP count
/// their sessions separately, TLS ports included); deliveries follow the SMTP
/// session that accepted the message.
public struct FaultPlan: Sendable, Hashable {
    /// Faults per phase, applied in this order: delay, drop, reply or garbage, drip.
    public var rules: [FaultPhase: [FaultAction]]
    /// SMTP EHLO and IMAP CAPABILITY omit STARTTLS, and STARTTLS is refused (a stripping attacker).
    public var omitsStartTLS: Bool
    /// IMAP CAPABILITY omits IDLE and the IDLE command is refused.
    public var omitsIdle: Bool
    /// Plaintext follows the STARTTLS reply in the same segment (CVE-2011-0411 style; RFC 3207 §4.2).
    public var injectsAfterStartTLS: Bool
    /// The IMAP greeting is `* PREAUTH`, logged in as the first user (RFC 9051 §7.1.4).
    public var preauthGreeting: Bool
    /// IMAP FETCH answers with a literal announcement of 2^40 bytes, then stops.
    public var announcesHugeLiteral: Bool
    /// Only every Nth session (per protocol) is affected; 1 affects all.
    public var every: Int
    /// The pause between bytes of a dripped reply.
    public var dripInterval: Duration

    public init(
        rules: [FaultPhase: [FaultAction]] = [:],
        omitsStartTLS: Bool = false,
        omitsIdle: Bool = false,
        injectsAfterStartTLS: Bool = false,
        preauthGreeting: Bool = false,
        announcesHugeLiteral: Bool = false,
        every: Int = 1,
        dripInterval: Duration = .milliseconds(1)
    ) {
        self.rules = rules
        self.omitsStartTLS = omitsStartTLS
        self.omitsIdle = omitsIdle
        self.injectsAfterStartTLS = injectsAfterStartTLS
        self.preauthGreeting = preauthGreeting
        self.announcesHugeLiteral = announcesHugeLiteral
        self.every = max(1, every)
        self.dripInterval = dripInterval
    }

    /// No faults at all.
    public static let none = FaultPlan()

    /// Adds `action` to `phase`'s faults.
    public mutating func add(_ action: FaultAction, at phase: FaultPhase) {
        rules[phase, default: []].append(action)
    }

    /// Whether session number `session` (1-based, per protocol) is affected.
    public func affects(session: Int) -> Bool {
        session > 0 && session % every == 0
    }

    /// The faults of `phase` for an affected session (nil when none).
    func faults(for phase: FaultPhase) -> PhaseFaults? {
        guard let actions = rules[phase], !actions.isEmpty else { return nil }
        var faults = PhaseFaults()
        for action in actions {
            switch action {
            case .delay(let duration): faults.delay += duration
            case .reply(let code, let text): faults.reply = (code, text)
            case .drop: faults.drop = true
            case .drip: faults.drip = true
            case .garbage: faults.garbage = true
            case .junk: faults.junk = true
            case .corrupt: faults.corrupt = true
            }
        }
        return faults
    }
}

/// One fault at one phase.
public enum FaultAction: Sendable, Hashable {
    /// Wait this long before answering (the client's phase grows by exactly this much).
    case delay(Duration)
    /// Answer with this reply instead of doing the command: an SMTP code (`"451"`) with text
    /// (`"4.3.0 try later"`), or an IMAP status (`"NO"`, `"BAD"`, `"BYE"`) with text.
    case reply(code: String, text: String?)
    /// Close the connection instead of answering.
    case drop
    /// Send the reply one byte at a time (``FaultPlan/dripInterval`` apart).
    case drip
    /// Send bytes that are not the protocol instead of the reply.
    case garbage
    /// At ``FaultPhase/delivery``: store the message in the recipient's `Junk` mailbox
    /// (created on demand) instead of INBOX.
    case junk
    /// At ``FaultPhase/delivery``: store the message with a line appended to its body
    /// (headers untouched), so its body checksum no longer matches.
    case corrupt
}

/// A phase named as the clients name it: `smtp.rcpt_to`, `imap.select`, `delivery`.
///
/// Textual form (CLI): `smtp.NAME` or `imap.NAME`; a name only one protocol has may go bare
/// (`ehlo`, `mail_from`, `rcpt_to`, `data_accepted`, … are SMTP's; `select`, `fetch`, `search`,
/// `idle`, `capability`, … are IMAP's); the names both have (`greeting`, `starttls`, `auth`, `noop`)
/// need the prefix. `delivery` is the moment a message enters the store.
public struct FaultPhase: Sendable, Hashable, CustomStringConvertible {
    public enum Service: String, Sendable, Hashable {
        case smtp, imap, delivery
    }

    public var service: Service
    public var name: String

    public init(_ service: Service, _ name: String) {
        self.service = service
        self.name = name.lowercased()
    }

    public static func smtp(_ name: String) -> FaultPhase { FaultPhase(.smtp, name) }
    public static func imap(_ name: String) -> FaultPhase { FaultPhase(.imap, name) }
    public static let delivery = FaultPhase(.delivery, "delivery")

    static let smtpNames: Set<String> = [
        "greeting", "ehlo", "helo", "starttls", "auth", "mail_from", "rcpt_to", "data", "data_accepted",
        "rset", "noop", "quit",
    ]
    static let imapNames: Set<String> = [
        "greeting", "starttls", "capability", "id", "enable", "auth", "select", "examine", "list", "status",
        "create", "delete", "rename", "append", "search", "fetch", "store", "expunge", "copy", "move", "unselect", "noop", "idle", "logout",
    ]

    /// Names both protocols have: bare, they would be ambiguous.
    static var sharedNames: Set<String> { smtpNames.intersection(imapNames) }

    /// Parses `rcpt_to`, `smtp.rcpt_to`, `select`, `imap.fetch` or `delivery`; nil for an unknown
    /// name, and for a bare name both protocols have (``sharedNames``).
    public init?(parsing text: String) {
        let lower = text.lowercased()
        if lower == "delivery" {
            self = .delivery
        } else if lower.hasPrefix("imap.") {
            let name = String(lower.dropFirst(5))
            guard Self.imapNames.contains(name) else { return nil }
            self.init(.imap, name)
        } else if lower.hasPrefix("smtp.") {
            let name = String(lower.dropFirst(5))
            guard Self.smtpNames.contains(name) else { return nil }
            self.init(.smtp, name)
        } else {
            switch (Self.smtpNames.contains(lower), Self.imapNames.contains(lower)) {
            case (true, false): self.init(.smtp, lower)
            case (false, true): self.init(.imap, lower)
            case (true, true), (false, false): return nil
            }
        }
    }

    public var description: String {
        switch service {
        case .smtp: "smtp.\(name)"
        case .imap: "imap.\(name)"
        case .delivery: "delivery"
        }
    }
}

/// The faults of one phase, folded together.
struct PhaseFaults: Sendable {
    var delay: Duration = .zero
    var reply: (code: String, text: String?)?
    var drop = false
    var drip = false
    var garbage = false
    var junk = false
    var corrupt = false
}
