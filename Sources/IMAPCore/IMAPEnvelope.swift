/// The parsed header of a message, as the server sends it for FETCH ENVELOPE.
///
///     S: * 12 FETCH (ENVELOPE ("Wed, 17 Jul 1996 02:23:25 -0700 (PDT)" "IMAP4rev1 WG mtg summary"
///        (("Terry Gray" NIL "gray" "cac.washington.edu")) ... NIL "<B27397-0100000@cac.washington.edu>"))
///
/// Absent fields are `nil` (strings) or empty (address lists). RFC 9051 §7.5.2.
public struct IMAPEnvelope: Hashable, Sendable {
    /// The Date header as sent, unparsed.
    public var date: String?
    /// The Subject header (still RFC 2047-encoded if the server sent it so).
    public var subject: String?
    public var from: [IMAPEnvelopeAddress]
    public var sender: [IMAPEnvelopeAddress]
    public var replyTo: [IMAPEnvelopeAddress]
    public var to: [IMAPEnvelopeAddress]
    public var cc: [IMAPEnvelopeAddress]
    public var bcc: [IMAPEnvelopeAddress]
    public var inReplyTo: String?
    public var messageID: String?

    public init(
        date: String? = nil, subject: String? = nil,
        from: [IMAPEnvelopeAddress] = [], sender: [IMAPEnvelopeAddress] = [], replyTo: [IMAPEnvelopeAddress] = [],
        to: [IMAPEnvelopeAddress] = [], cc: [IMAPEnvelopeAddress] = [], bcc: [IMAPEnvelopeAddress] = [],
        inReplyTo: String? = nil, messageID: String? = nil
    ) {
        self.date = date
        self.subject = subject
        self.from = from
        self.sender = sender
        self.replyTo = replyTo
        self.to = to
        self.cc = cc
        self.bcc = bcc
        self.inReplyTo = inReplyTo
        self.messageID = messageID
    }

    // envelope = "(" env-date SP env-subject SP env-from SP env-sender SP env-reply-to SP env-to SP
    //            env-cc SP env-bcc SP env-in-reply-to SP env-message-id ")"
    static func parse(_ cursor: inout IMAPParserCursor) throws(IMAPParseError) -> IMAPEnvelope {
        try cursor.expect(.openParen, "\"(\" starting an envelope")
        return try cursor.nested { (cursor: inout IMAPParserCursor) throws(IMAPParseError) -> IMAPEnvelope in
            cursor.skipSpaces()
            var envelope = IMAPEnvelope()
            envelope.date = try cursor.nstringText()
            try cursor.expectSpace()
            envelope.subject = try cursor.nstringText()
            try cursor.expectSpace()
            envelope.from = try IMAPEnvelopeAddress.parseList(&cursor)
            try cursor.expectSpace()
            envelope.sender = try IMAPEnvelopeAddress.parseList(&cursor)
            try cursor.expectSpace()
            envelope.replyTo = try IMAPEnvelopeAddress.parseList(&cursor)
            try cursor.expectSpace()
            envelope.to = try IMAPEnvelopeAddress.parseList(&cursor)
            try cursor.expectSpace()
            envelope.cc = try IMAPEnvelopeAddress.parseList(&cursor)
            try cursor.expectSpace()
            envelope.bcc = try IMAPEnvelopeAddress.parseList(&cursor)
            try cursor.expectSpace()
            envelope.inReplyTo = try cursor.nstringText()
            try cursor.expectSpace()
            envelope.messageID = try cursor.nstringText()
            cursor.skipSpaces()
            try cursor.expect(.closeParen, "\")\" ending the envelope")
            return envelope
        }
    }
}
