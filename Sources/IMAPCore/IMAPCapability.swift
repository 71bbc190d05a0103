/// One capability a server advertises, upper-cased (capability names are case-insensitive).
///
///     S: * CAPABILITY IMAP4rev1 SASL-IR ID ENABLE IDLE LITERAL+ AUTH=PLAIN
///
/// RFC 9051 §7.2.2.
public struct IMAPCapability: Hashable, Sendable, CustomStringConvertible {
    /// The capability, upper-cased: `IMAP4REV1`, `AUTH=PLAIN`, `X-GM-EXT-1`.
    public let rawValue: String

    public init(_ rawValue: String) {
        self.rawValue = rawValue.uppercased()
    }

    /// The mechanism of an `AUTH=` capability (`AUTH=XOAUTH2` -> `XOAUTH2`).
    public var authenticationMechanism: String? {
        rawValue.hasPrefix("AUTH=") ? String(rawValue.dropFirst(5)) : nil
    }

    public var description: String { rawValue }

    public static let imap4rev1 = IMAPCapability("IMAP4rev1")
    public static let imap4rev2 = IMAPCapability("IMAP4rev2")
    public static let startTLS = IMAPCapability("STARTTLS")
    public static let loginDisabled = IMAPCapability("LOGINDISABLED")
    public static let saslIR = IMAPCapability("SASL-IR")
    public static let literalPlus = IMAPCapability("LITERAL+")
    public static let literalMinus = IMAPCapability("LITERAL-")
    public static let idle = IMAPCapability("IDLE")
    public static let id = IMAPCapability("ID")
    public static let enable = IMAPCapability("ENABLE")
    public static let move = IMAPCapability("MOVE")
    public static let uidPlus = IMAPCapability("UIDPLUS")
    public static let condStore = IMAPCapability("CONDSTORE")
    public static let qresync = IMAPCapability("QRESYNC")
    public static let esearch = IMAPCapability("ESEARCH")
    public static let unselect = IMAPCapability("UNSELECT")
    public static let binary = IMAPCapability("BINARY")
    public static let utf8Accept = IMAPCapability("UTF8=ACCEPT")

    // capability-data = "CAPABILITY" *(SP capability) SP "IMAP4rev2" *(SP capability)
    // capability      = ("AUTH=" auth-type) / atom
    /// Capabilities separated by spaces, up to `]` or the line end.
    static func parseList(_ cursor: inout IMAPParserCursor) throws(IMAPParseError) -> [IMAPCapability] {
        var result: [IMAPCapability] = []
        cursor.skipSpaces()
        while let byte = cursor.peek, byte != .closeBracket {
            result.append(IMAPCapability(try cursor.atom()))
            cursor.skipSpaces()
        }
        return result
    }
}
