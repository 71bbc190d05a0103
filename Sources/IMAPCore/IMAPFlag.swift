/// A message flag: a system flag (`\Seen`) or a keyword (`$Forwarded`).
///
///     S: * FLAGS (\Answered \Flagged \Deleted \Seen \Draft $Forwarded)
///
/// System flags are matched case-insensitively and kept in their RFC
/// spelling; keywords are kept as sent. RFC 9051 §2.3.2.
public struct IMAPFlag: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(_ rawValue: String) {
        if rawValue.first == "\\",
           let system = Self.systemFlags.first(where: { $0.uppercased() == rawValue.uppercased() }) {
            self.rawValue = system
        } else {
            self.rawValue = rawValue
        }
    }

    private static let systemFlags = ["\\Seen", "\\Answered", "\\Flagged", "\\Deleted", "\\Draft", "\\Recent", "\\*"]

    public var description: String { rawValue }

    /// Whether this is a system flag or extension (`\...`) rather than a keyword.
    public var isSystemFlag: Bool { rawValue.first == "\\" }

    public static let seen = IMAPFlag("\\Seen")
    public static let answered = IMAPFlag("\\Answered")
    public static let flagged = IMAPFlag("\\Flagged")
    public static let deleted = IMAPFlag("\\Deleted")
    public static let draft = IMAPFlag("\\Draft")
    public static let recent = IMAPFlag("\\Recent")
    /// `\*` in PERMANENTFLAGS: new keywords may be created.
    public static let wildcard = IMAPFlag("\\*")

    // flag      = "\Answered" / "\Flagged" / "\Deleted" / "\Seen" / "\Draft" / flag-keyword / flag-extension
    // flag-perm = flag / "\*"
    // flag-extension = "\" atom
    static func parse(_ cursor: inout IMAPParserCursor) throws(IMAPParseError) -> IMAPFlag {
        if cursor.skip(.backslash) {
            if cursor.skip(UInt8(ascii: "*")) { return .wildcard }
            return IMAPFlag("\\" + (try cursor.atom()))
        }
        return IMAPFlag(try cursor.atom())
    }

    // flag-list = "(" [flag *(SP flag)] ")"
    static func parseList(_ cursor: inout IMAPParserCursor) throws(IMAPParseError) -> [IMAPFlag] {
        try cursor.list { (cursor: inout IMAPParserCursor) throws(IMAPParseError) in try IMAPFlag.parse(&cursor) }
    }
}
