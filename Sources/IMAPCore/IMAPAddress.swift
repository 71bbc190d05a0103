/// One address of an envelope.
///
///     S: ("Terry Gray" NIL "gray" "cac.washington.edu")
///
/// ``mailbox`` and ``host`` together make `gray@cac.washington.edu`. RFC 9051 §7.5.2.
public struct IMAPAddress: Hashable, Sendable {
    /// The display name (still RFC 2047-encoded if the server sent it so).
    public var name: String?
    /// The obsolete source route.
    public var adl: String?
    public var mailbox: String?
    public var host: String?

    public init(name: String?, adl: String? = nil, mailbox: String?, host: String?) {
        self.name = name
        self.adl = adl
        self.mailbox = mailbox
        self.host = host
    }

    /// `mailbox@host`, or whichever part is present.
    public var emailAddress: String? {
        switch (mailbox, host) {
        case let (mailbox?, host?): "\(mailbox)@\(host)"
        case let (mailbox?, nil): mailbox
        case let (nil, host?): host
        case (nil, nil): nil
        }
    }

    // address = "(" addr-name SP addr-adl SP addr-mailbox SP addr-host ")"
    static func parse(_ cursor: inout IMAPParserCursor) throws(IMAPParseError) -> IMAPAddress {
        try cursor.expect(.openParen, "\"(\" starting an address")
        cursor.skipSpaces()
        let name = try cursor.nstringText()
        try cursor.expectSpace()
        let adl = try cursor.nstringText()
        try cursor.expectSpace()
        let mailbox = try cursor.nstringText()
        try cursor.expectSpace()
        let host = try cursor.nstringText()
        cursor.skipSpaces()
        try cursor.expect(.closeParen, "\")\" ending an address")
        return IMAPAddress(name: name, adl: adl, mailbox: mailbox, host: host)
    }
}

/// An entry of an envelope address list: an address, or an RFC 5322 group.
///
///     S: (NIL NIL "undisclosed-recipients" NIL)(NIL NIL NIL NIL)
///
/// is the empty group `undisclosed-recipients:;`. RFC 3501 §7.4.2 marks a
/// group's start with a NIL host and the group name as mailbox, and its end
/// with NIL mailbox and host.
public enum IMAPEnvelopeAddress: Hashable, Sendable {
    case single(IMAPAddress)
    case group(name: String, members: [IMAPAddress])

    // env-from = "(" 1*address ")" / nil   (likewise sender, reply-to, to, cc, bcc)
    /// Lenient: spaces between addresses, an empty list, a group that never ends.
    static func parseList(_ cursor: inout IMAPParserCursor) throws(IMAPParseError) -> [IMAPEnvelopeAddress] {
        if cursor.skipKeyword("NIL") { return [] }
        try cursor.expect(.openParen, "\"(\" or NIL starting an address list")
        return try cursor.nested { (cursor: inout IMAPParserCursor) throws(IMAPParseError) -> [IMAPEnvelopeAddress] in
            var result: [IMAPEnvelopeAddress] = []
            var group: (name: String, members: [IMAPAddress])?
            cursor.skipSpaces()
            while !cursor.skip(.closeParen) {
                let address = try IMAPAddress.parse(&cursor)
                cursor.skipSpaces()
                if address.host == nil, let mailbox = address.mailbox {
                    if let open = group { result.append(.group(name: open.name, members: open.members)) }
                    group = (mailbox, [])
                } else if address.host == nil, address.mailbox == nil, let open = group {
                    result.append(.group(name: open.name, members: open.members))
                    group = nil
                } else if group != nil {
                    group!.members.append(address)
                } else {
                    result.append(.single(address))
                }
            }
            if let open = group { result.append(.group(name: open.name, members: open.members)) }
            return result
        }
    }
}
