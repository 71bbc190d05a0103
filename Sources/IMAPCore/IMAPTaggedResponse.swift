/// The completion of a command, carrying the command's tag.
///
///     S: A001 OK [READ-WRITE] SELECT completed
///
/// RFC 9051 §7.1 (`response-tagged`).
public struct IMAPTaggedResponse: Hashable, Sendable {
    public var tag: String
    /// OK, NO or BAD, the code and the text.
    public var state: IMAPStatusResponse

    public init(tag: String, state: IMAPStatusResponse) {
        self.tag = tag
        self.state = state
    }

    // response-tagged = tag SP resp-cond-state CRLF
    // tag = 1*<any ASTRING-CHAR except "+">
    static func parse(_ cursor: inout IMAPParserCursor) throws(IMAPParseError) -> IMAPTaggedResponse {
        let start = cursor.index
        while let byte = cursor.peek, byte.isAStringChar, byte != UInt8(ascii: "+") { cursor.index += 1 }
        guard cursor.index > start else { throw cursor.error("expected a tag") }
        let tag = String(imapBytes: cursor.frame[start..<cursor.index])
        try cursor.expectSpace()
        let status: IMAPStatusResponse.Status
        switch try cursor.keyword() {
        case "OK": status = .ok
        case "NO": status = .no
        case "BAD": status = .bad
        default: throw cursor.error("expected OK, NO or BAD after the tag")
        }
        return IMAPTaggedResponse(tag: tag, state: try IMAPStatusResponse.parseText(status: status, &cursor))
    }
}
