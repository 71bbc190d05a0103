/// The numbers a SEARCH (or UID SEARCH) matched.
///
///     S: * SEARCH 2 84 882 (MODSEQ 917162500)
///
/// RFC 9051 §7.3.5 (IMAP4rev1 SEARCH response), RFC 7162 §3.1.5 (MODSEQ).
public struct IMAPSearchResult: Hashable, Sendable {
    public var numbers: [UInt32]
    /// The highest mod-sequence of the matched messages, with CONDSTORE.
    public var modSeq: UInt64?

    public init(numbers: [UInt32], modSeq: UInt64? = nil) {
        self.numbers = numbers
        self.modSeq = modSeq
    }

    // mailbox-data =/ "SEARCH" *(SP nz-number) [SP search-sort-mod-seq]
    // search-sort-mod-seq = "(" "MODSEQ" SP mod-sequence-value ")"
    /// The cursor is after `SEARCH`.
    static func parse(_ cursor: inout IMAPParserCursor) throws(IMAPParseError) -> IMAPSearchResult {
        var result = IMAPSearchResult(numbers: [])
        cursor.skipSpaces()
        while !cursor.isAtEnd {
            if cursor.skip(.openParen) {
                cursor.skipSpaces()
                guard cursor.skipKeyword("MODSEQ") else { throw cursor.error("expected MODSEQ") }
                try cursor.expectSpace()
                result.modSeq = try cursor.number64()
                cursor.skipSpaces()
                try cursor.expect(.closeParen, "\")\" after the mod-sequence")
            } else {
                result.numbers.append(try cursor.number())
            }
            cursor.skipSpaces()
        }
        return result
    }
}
