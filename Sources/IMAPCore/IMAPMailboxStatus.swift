/// The counters of a STATUS response.
///
///     S: * STATUS blurdybloop (MESSAGES 231 UIDNEXT 44292 HIGHESTMODSEQ 7011231777)
///
/// Attributes the server did not send are `nil`; unknown ones are skipped.
/// RFC 9051 §7.3.4, RFC 7162 (HIGHESTMODSEQ), RFC 8438 (SIZE).
public struct IMAPMailboxStatus: Hashable, Sendable {
    public var messages: UInt32?
    public var uidNext: UInt32?
    public var uidValidity: UInt32?
    public var unseen: UInt32?
    public var recent: UInt32?
    public var deleted: UInt32?
    public var highestModSeq: UInt64?
    public var size: UInt64?

    public init(messages: UInt32? = nil, uidNext: UInt32? = nil, uidValidity: UInt32? = nil, unseen: UInt32? = nil,
                recent: UInt32? = nil, deleted: UInt32? = nil, highestModSeq: UInt64? = nil, size: UInt64? = nil) {
        self.messages = messages
        self.uidNext = uidNext
        self.uidValidity = uidValidity
        self.unseen = unseen
        self.recent = recent
        self.deleted = deleted
        self.highestModSeq = highestModSeq
        self.size = size
    }

    // mailbox-data =/ "STATUS" SP mailbox SP "(" [status-att-list] ")"
    // status-att-list = status-att-val *(SP status-att-val)
    // status-att-val  = ("MESSAGES" SP number) / ("UIDNEXT" SP nz-number) / ("UIDVALIDITY" SP nz-number) /
    //                   ("UNSEEN" SP number) / ("DELETED" SP number) / ("SIZE" SP number64) /
    //                   ("RECENT" SP number) / ("HIGHESTMODSEQ" SP mod-sequence-valzer)
    /// The cursor is after `STATUS`.
    static func parse(_ cursor: inout IMAPParserCursor) throws(IMAPParseError) -> (IMAPMailboxName, IMAPMailboxStatus) {
        try cursor.expectSpace()
        let name = try IMAPMailboxName.parse(&cursor)
        try cursor.expectSpace()
        try cursor.expect(.openParen, "\"(\" starting the status attributes")
        var status = IMAPMailboxStatus()
        try cursor.nested { (cursor: inout IMAPParserCursor) throws(IMAPParseError) in
            cursor.skipSpaces()
            while !cursor.skip(.closeParen) {
                let attribute = try cursor.keyword()
                try cursor.expectSpace()
                switch attribute {
                case "MESSAGES": status.messages = try cursor.number()
                case "UIDNEXT": status.uidNext = try cursor.number()
                case "UIDVALIDITY": status.uidValidity = try cursor.number()
                case "UNSEEN": status.unseen = try cursor.number()
                case "RECENT": status.recent = try cursor.number()
                case "DELETED": status.deleted = try cursor.number()
                case "HIGHESTMODSEQ": status.highestModSeq = try cursor.number64()
                case "SIZE": status.size = try cursor.number64()
                default: try cursor.skipValue()
                }
                cursor.skipSpaces()
            }
        }
        try cursor.expectEnd()
        return (name, status)
    }
}
