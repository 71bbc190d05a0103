/// A status response: OK, NO, BAD, PREAUTH or BYE with an optional code and text.
///
///     S: * OK [CAPABILITY IMAP4rev1 IDLE] Dovecot ready.
///     S: A142 NO [TRYCREATE] No such mailbox
///
/// Tagged (``IMAPTaggedResponse``), untagged, or the greeting. RFC 9051 §7.1.
public struct IMAPStatusResponse: Hashable, Sendable {
    /// The condition.
    public enum Status: String, Hashable, Sendable {
        case ok = "OK"
        case no = "NO"
        case bad = "BAD"
        case preauth = "PREAUTH"
        case bye = "BYE"
    }

    public var status: Status
    public var code: IMAPResponseCode?
    /// The human-readable text after the code.
    public var text: String

    public init(status: Status, code: IMAPResponseCode? = nil, text: String) {
        self.status = status
        self.code = code
        self.text = text
    }

    // resp-cond-state = ("OK" / "NO" / "BAD") SP resp-text
    // resp-cond-auth  = ("OK" / "PREAUTH") SP resp-text
    // resp-cond-bye   = "BYE" SP resp-text
    /// Parses the text after the status keyword; the cursor is after the keyword.
    static func parseText(status: Status, _ cursor: inout IMAPParserCursor) throws(IMAPParseError) -> IMAPStatusResponse {
        let (code, text) = try parseRespText(&cursor)
        return IMAPStatusResponse(status: status, code: code, text: text)
    }

    // resp-text = ["[" resp-text-code "]" SP] [text]
    /// Lenient: the text may be missing (`A1 OK`), and a `[` that does not
    /// close is just text.
    static func parseRespText(_ cursor: inout IMAPParserCursor) throws(IMAPParseError) -> (IMAPResponseCode?, String) {
        cursor.skipSpaces()
        var code: IMAPResponseCode?
        if cursor.peek == .openBracket {
            var attempt = cursor
            attempt.index += 1
            if let parsed = try? IMAPResponseCode.parse(&attempt), attempt.skip(.closeBracket) {
                code = parsed
                cursor = attempt
                cursor.skipSpaces()
            }
        }
        return (code, String(imapBytes: cursor.rest))
    }
}
