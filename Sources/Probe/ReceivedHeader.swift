/// One Received field, read clause by clause.
///
///     Received: from mail.example.org (mail.example.org [192.0.2.1])
///             by mx.example.com (Postfix) with ESMTPS id 4XyZ12abc
///             for <bob@example.com>; Mon, 25 Nov 2024 10:00:00 +0100 (CET)
///
/// Reads the `from`, `by`, `via`, `with`, `id` and `for` clauses of RFC 5321 §4.4
/// (`Stamp`) in any order, the comments between them, and the date after the last `;`,
/// as Postfix, Exim, Sendmail, Microsoft 365 / Exchange, Gmail, Dovecot LMTP and qmail
/// write them. Never fails: a field that does not parse keeps what could be read and
/// says what could not in ``warnings``.
public struct ReceivedHeader: Hashable, Sendable {
    /// One keyword and what follows it up to the next keyword.
    ///
    ///     with ESMTPS (TLS1.3) → name "with", words ["ESMTPS"], comments ["TLS1.3"]
    public struct Clause: Hashable, Sendable {
        /// The keyword, lowercased: `from`, `by`, `via`, `with`, `id`, `for`, or Exim's `tls`.
        public var name: String
        /// The words after the keyword, comments left out.
        public var words: [String]
        /// The text inside each comment after the keyword, white space collapsed.
        public var comments: [String]

        public init(name: String, words: [String] = [], comments: [String] = []) {
            self.name = name
            self.words = words
            self.comments = comments
        }

        /// The words joined by single spaces (`Microsoft SMTP Server`); `nil` if there are none.
        public var value: String? { words.isEmpty ? nil : words.joined(separator: " ") }
    }

    /// The unfolded field value as read (cut to ``ReceivedParserOptions/maxFieldBytes``).
    public var raw: String
    /// Every clause in the order written.
    public var clauses: [Clause]
    /// Comments before the first clause: `(qmail 12345 invoked by uid 89)`, Sendmail's `(from alice@localhost)`.
    public var leadingComments: [String]

    /// The name the sending host gave (its HELO, or Exim's verified name), as written: `mail.example.org`, `[192.0.2.1]`.
    public var from: String?
    /// The sending host's name as the receiver found it (reverse DNS), from the TCP-info comment; no trailing dot.
    public var fromHost: String?
    /// The sending host's address, from the TCP-info comment or an address literal; no brackets, no `IPv6:`.
    public var fromIP: String?
    /// The HELO name when written apart from `from`: Exim's `helo=`, qmail's `HELO`.
    public var helo: String?
    /// The receiving host: `mx.example.com`.
    public var by: String?
    /// The link: `Frontend Transport`.
    public var via: String?
    /// The protocol: `ESMTPS`, `LMTP`, `Microsoft SMTP Server`.
    public var with: String?
    /// The receiver's queue or message id: `4XyZ12abc`.
    public var id: String?
    /// The recipient, without angle brackets: `bob@example.com`.
    public var `for`: String?
    /// The envelope sender from an `(envelope-from <a@b>)` comment (Exim, Dovecot), without brackets.
    public var envelopeFrom: String?
    /// The text after the last `;`, white space collapsed; `nil` if there is none.
    public var dateText: String?
    /// The date; `nil` if missing or unreadable (see ``warnings``).
    public var date: ReceivedDate?
    /// What could not be read.
    public var warnings: [ReceivedParseWarning]

    /// A header from its parts, e.g. to build expectations.
    public init(raw: String = "", clauses: [Clause] = [], leadingComments: [String] = [],
                from: String? = nil, fromHost: String? = nil, fromIP: String? = nil, helo: String? = nil,
                by: String? = nil, via: String? = nil, with: String? = nil, id: String? = nil, for recipient: String? = nil,
                envelopeFrom: String? = nil, dateText: String? = nil, date: ReceivedDate? = nil,
                warnings: [ReceivedParseWarning] = []) {
        self.raw = raw
        self.clauses = clauses
        self.leadingComments = leadingComments
        self.from = from
        self.fromHost = fromHost
        self.fromIP = fromIP
        self.helo = helo
        self.by = by
        self.via = via
        self.with = with
        self.id = id
        self.for = recipient
        self.envelopeFrom = envelopeFrom
        self.dateText = dateText
        self.date = date
        self.warnings = warnings
    }

    /// The first clause with this keyword.
    public func clause(_ name: String) -> Clause? {
        clauses.first { $0.name == name }
    }

    /// Parses an unfolded field value (what follows `Received:`).
    public init(parsing value: String, options: ReceivedParserOptions = .init()) {
        self.init(parsing: Array(value.utf8.prefix(max(0, options.maxFieldBytes) + 1)), options: options)
    }
}
