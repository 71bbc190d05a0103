/// One field of an ID exchange (RFC 2971).
///
///     S: * ID ("name" "Dovecot" "version" NIL)
///     C: A001 ID ("name" "MailProbe")
public struct IMAPIDParameter: Hashable, Sendable {
    public var key: String
    public var value: String?

    public init(key: String, value: String?) {
        self.key = key
        self.value = value
    }

    // id-response = "ID" SP id-params-list
    // id-params-list = "(" *(string SP nstring) ")" / nil
    static func parseList(_ cursor: inout IMAPParserCursor) throws(IMAPParseError) -> [IMAPIDParameter] {
        if cursor.skipKeyword("NIL") { return [] }
        try cursor.expect(.openParen, "\"(\" or NIL")
        return try cursor.nested { (cursor: inout IMAPParserCursor) throws(IMAPParseError) -> [IMAPIDParameter] in
            var result: [IMAPIDParameter] = []
            cursor.skipSpaces()
            while !cursor.skip(.closeParen) {
                let key = String(imapBytes: try cursor.string())
                try cursor.expectSpace()
                let value = try cursor.nstringText()
                result.append(IMAPIDParameter(key: key, value: value))
                cursor.skipSpaces()
            }
            return result
        }
    }
}
