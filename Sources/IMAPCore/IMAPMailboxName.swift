/// A mailbox name as it travels on the wire and as a person reads it.
///
///     S: * LIST (\HasNoChildren) "/" "&ZeVnLIqe-"
///
/// has ``raw`` `&ZeVnLIqe-` and ``name`` `日本語`. Names are encoded in
/// modified UTF-7 (RFC 3501 §5.1.3); a raw name that is not valid modified
/// UTF-7 (servers with UTF8=ACCEPT send UTF-8) is read as UTF-8.
public struct IMAPMailboxName: Hashable, Sendable, CustomStringConvertible {
    /// The bytes as sent by the server or to be sent by the client.
    public var raw: [UInt8]
    /// The decoded name.
    public var name: String

    /// A name from the server's bytes.
    public init(raw: [UInt8]) {
        self.raw = raw
        self.name = IMAPModifiedUTF7.decode(raw) ?? String(imapBytes: raw)
    }

    /// A name to send: `INBOX` (in any case) becomes `INBOX`, everything else is
    /// encoded to modified UTF-7.
    public init(_ name: String) {
        if name.uppercased() == "INBOX" {
            self.name = "INBOX"
            self.raw = Array("INBOX".utf8)
        } else {
            self.name = name
            self.raw = IMAPModifiedUTF7.encode(name)
        }
    }

    public static let inbox = IMAPMailboxName("INBOX")

    public var isInbox: Bool { name.uppercased() == "INBOX" }

    public var description: String { name }

    // mailbox = "INBOX" / astring
    static func parse(_ cursor: inout IMAPParserCursor) throws(IMAPParseError) -> IMAPMailboxName {
        IMAPMailboxName(raw: try cursor.astring())
    }
}
