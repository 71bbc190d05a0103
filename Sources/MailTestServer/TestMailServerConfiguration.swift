import MailTransport

/// A mailbox owner: SMTP AUTH and IMAP login use the address as the user name.
public struct TestMailUser: Sendable, Hashable {
    public var address: String
    public var password: String

    public init(address: String, password: String) {
        self.address = address
        self.password = password
    }

    /// Parses `alice@example.test:secret` (the password may itself contain colons).
    public init?(parsing text: String) {
        guard let colon = text.firstIndex(of: ":"), colon != text.startIndex else { return nil }
        self.init(address: String(text[..<colon]), password: String(text[text.index(after: colon)...]))
    }

    /// alice@example.test:alice-secret and bob@example.test:bob-secret.
    public static let defaults = [
        TestMailUser(address: "alice@example.test", password: "alice-secret"),
        TestMailUser(address: "bob@example.test", password: "bob-secret"),
    ]
}

extension TestMailServer {
    /// Where the server listens, who its users are, and what it does wrong.
    public struct Configuration: Sendable {
        /// A numeric address or `localhost`.
        public var host: String
        /// Plain SMTP with STARTTLS when ``tls`` is set; 0 picks a free port; nil: no listener.
        public var smtpPort: UInt16?
        public var imapPort: UInt16?
        /// Implicit-TLS SMTP (RFC 8314); needs ``tls``.
        public var smtpsPort: UInt16?
        /// Implicit-TLS IMAP; needs ``tls``.
        public var imapsPort: UInt16?
        public var tls: TLSServerConfiguration?
        public var users: [TestMailUser]
        /// How long after the 250 to DATA a message enters the store.
        public var deliveryDelay: Duration
        public var faults: FaultPlan
        /// Seeds queue ids and UIDVALIDITY.
        public var seed: UInt64
        /// The name in greetings and Received headers.
        public var hostname: String
        public var limits: Limits

        public init(
            host: String = "127.0.0.1",
            smtpPort: UInt16? = 0,
            imapPort: UInt16? = 0,
            smtpsPort: UInt16? = nil,
            imapsPort: UInt16? = nil,
            tls: TLSServerConfiguration? = nil,
            users: [TestMailUser] = TestMailUser.defaults,
            deliveryDelay: Duration = .zero,
            faults: FaultPlan = .none,
            seed: UInt64 = 1,
            hostname: String = "mail.example.test",
            limits: Limits = Limits()
        ) {
            self.host = host
            self.smtpPort = smtpPort
            self.imapPort = imapPort
            self.smtpsPort = smtpsPort
            self.imapsPort = imapsPort
            self.tls = tls
            self.users = users
            self.deliveryDelay = deliveryDelay
            self.faults = faults
            self.seed = seed
            self.hostname = hostname
            self.limits = limits
        }
    }

    /// Bounds on what one client can make the server hold.
    public struct Limits: Sendable, Hashable {
        /// SMTP command lines (RFC 5321 §4.5.3.1.4 says 512; AUTH lines need more).
        public var smtpLineLength: Int
        /// The largest message accepted (advertised as SIZE) and the largest IMAP literal.
        public var messageSize: Int
        /// IMAP command lines, excluding literals.
        public var imapLineLength: Int
        public var recipients: Int
        /// A session idle this long (IDLE included) is closed.
        public var idleTimeout: Duration

        public init(smtpLineLength: Int = 4096, messageSize: Int = 10 << 20, imapLineLength: Int = 16 << 10,
                    recipients: Int = 100, idleTimeout: Duration = .seconds(3600)) {
            self.smtpLineLength = smtpLineLength
            self.messageSize = messageSize
            self.imapLineLength = imapLineLength
            self.recipients = recipients
            self.idleTimeout = idleTimeout
        }
    }

    /// The ports bound (the kernel's choice where 0 was asked).
    public struct Ports: Sendable, Hashable {
        public var smtp: UInt16?
        public var imap: UInt16?
        public var smtps: UInt16?
        public var imaps: UInt16?

        /// `{"smtp":40111,"imap":40112}`: the line `mailprobe test-server` prints.
        public var jsonLine: String {
            let fields = [("smtp", smtp), ("imap", imap), ("smtps", smtps), ("imaps", imaps)]
                .compactMap { name, port in port.map { "\"\(name)\":\($0)" } }
            return "{" + fields.joined(separator: ",") + "}"
        }
    }
}
