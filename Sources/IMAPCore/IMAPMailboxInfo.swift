/// One mailbox of a LIST or LSUB response.
///
///     S: * LIST (\HasNoChildren \Sent) "/" "Sent Items"
///     S: * LIST (\Noselect) NIL ""
///
/// Attributes are kept as sent (`\HasNoChildren`, `\Sent`); a NIL delimiter
/// means the server has no hierarchy. LIST-EXTENDED data after the name is
/// skipped. RFC 9051 §7.3.1.
public struct IMAPMailboxInfo: Hashable, Sendable {
    public var attributes: [String]
    /// The hierarchy delimiter, `nil` for NIL.
    public var delimiter: String?
    public var name: IMAPMailboxName

    public init(attributes: [String], delimiter: String?, name: IMAPMailboxName) {
        self.attributes = attributes
        self.delimiter = delimiter
        self.name = name
    }

    /// Whether the attribute (e.g. `\Noselect`) is present, ignoring case.
    public func hasAttribute(_ attribute: String) -> Bool {
        attributes.contains { $0.uppercased() == attribute.uppercased() }
    }

    // mailbox-list = "(" [mbx-list-flags] ")" SP (DQUOTE QUOTED-CHAR DQUOTE / nil) SP mailbox
    //                [SP mbox-list-extended]
    /// The cursor is after `LIST` / `LSUB`.
    static func parse(_ cursor: inout IMAPParserCursor) throws(IMAPParseError) -> IMAPMailboxInfo {
        try cursor.expectSpace()
        let attributes = try cursor.list { (cursor: inout IMAPParserCursor) throws(IMAPParseError) in
            try IMAPFlag.parse(&cursor).rawValue
        }
        try cursor.expectSpace()
        let delimiter = try cursor.nstringText()
        try cursor.expectSpace()
        let name = try IMAPMailboxName.parse(&cursor)
        // mbox-list-extended = "(" [...] ")"
        cursor.skipSpaces()
        if cursor.peek == .openParen { try cursor.skipValue() }
        try cursor.expectEnd()
        return IMAPMailboxInfo(attributes: attributes, delimiter: delimiter, name: name)
    }
}
