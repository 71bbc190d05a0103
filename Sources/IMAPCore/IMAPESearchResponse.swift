/// The result of an extended SEARCH (ESEARCH, RFC 4731; IMAP4rev2).
///
///     S: * ESEARCH (TAG "A282") UID MIN 2 MAX 10 COUNT 3 ALL 2,10:11
///
/// RFC 9051 §7.3.4.
public struct IMAPESearchResponse: Hashable, Sendable {
    /// The tag of the command this answers.
    public var tag: String?
    /// Whether the numbers are UIDs.
    public var uid: Bool
    public var min: UInt32?
    public var max: UInt32?
    public var count: UInt32?
    public var all: IMAPSequenceSet?
    public var modSeq: UInt64?

    public init(tag: String? = nil, uid: Bool = false, min: UInt32? = nil, max: UInt32? = nil, count: UInt32? = nil,
                all: IMAPSequenceSet? = nil, modSeq: UInt64? = nil) {
        self.tag = tag
        self.uid = uid
        self.min = min
        self.max = max
        self.count = count
        self.all = all
        self.modSeq = modSeq
    }

    // esearch-response = "ESEARCH" [search-correlator] [SP "UID"] *(SP search-return-data)
    // search-correlator = SP "(" "TAG" SP tag-string ")"
    // search-return-data = "MIN" SP nz-number / "MAX" SP nz-number / "ALL" SP sequence-set /
    //                      "COUNT" SP number / "MODSEQ" SP mod-sequence-value / search-ret-data-ext
    /// The cursor is after `ESEARCH`; unknown return data is skipped.
    static func parse(_ cursor: inout IMAPParserCursor) throws(IMAPParseError) -> IMAPESearchResponse {
        var result = IMAPESearchResponse()
        cursor.skipSpaces()
        if cursor.skip(.openParen) {
            cursor.skipSpaces()
            guard cursor.skipKeyword("TAG") else { throw cursor.error("expected TAG in the search correlator") }
            try cursor.expectSpace()
            result.tag = String(imapBytes: try cursor.astring())
            cursor.skipSpaces()
            try cursor.expect(.closeParen, "\")\" after the search correlator")
            cursor.skipSpaces()
        }
        if cursor.skipKeyword("UID") {
            result.uid = true
            cursor.skipSpaces()
        }
        while !cursor.isAtEnd {
            let name = try cursor.keyword()
            try cursor.expectSpace()
            switch name {
            case "MIN": result.min = try cursor.number()
            case "MAX": result.max = try cursor.number()
            case "COUNT": result.count = try cursor.number()
            case "ALL": result.all = try IMAPSequenceSet.parse(&cursor)
            case "MODSEQ": result.modSeq = try cursor.number64()
            default: try cursor.skipValue()
            }
            cursor.skipSpaces()
        }
        return result
    }
}
