/// Data the server sends with `*`, solicited or not.
///
///     S: * 23 EXISTS
///     S: * LIST (\HasNoChildren) "/" INBOX
///     S: * OK [UIDVALIDITY 3857529045] UIDs valid
///
/// RFC 9051 §7.2-7.5; VANISHED RFC 7162 §3.2.10; ENABLED RFC 5161; ID RFC 2971.
public enum IMAPUntaggedResponse: Hashable, Sendable {
    /// `* OK`, `* NO`, `* BAD`, `* BYE` (and `* PREAUTH` outside the greeting).
    case condition(IMAPStatusResponse)
    case capability([IMAPCapability])
    case enabled([IMAPCapability])
    /// `* ID (...)`; NIL is an empty list.
    case id([IMAPIDParameter])
    case list(IMAPMailboxInfo)
    case lsub(IMAPMailboxInfo)
    case status(mailbox: IMAPMailboxName, status: IMAPMailboxStatus)
    case search(IMAPSearchResult)
    case esearch(IMAPESearchResponse)
    case flags([IMAPFlag])
    case exists(UInt32)
    case recent(UInt32)
    case expunge(UInt32)
    case vanished(earlier: Bool, uids: IMAPSequenceSet)
    case fetch(IMAPFetchResponse)
    /// Data this parser does not interpret (NAMESPACE, QUOTA, ...): the
    /// keyword, upper-cased, and the raw bytes after `* ` (keyword included).
    case other(keyword: String, raw: [UInt8])

    // response-data = "*" SP (resp-cond-state / resp-cond-bye / mailbox-data / message-data /
    //                 capability-data / enable-data) CRLF
    // mailbox-data  = "FLAGS" SP flag-list / "LIST" SP mailbox-list / esearch-response /
    //                 "STATUS" SP mailbox SP "(" [status-att-list] ")" / number SP "EXISTS" /
    //                 number SP "RECENT" / "SEARCH" *(SP nz-number)
    // message-data  = nz-number SP ("EXPUNGE" / ("FETCH" SP msg-att))
    // enable-data   = "ENABLED" *(SP capability)
    /// The cursor is after `* `.
    static func parse(_ cursor: inout IMAPParserCursor) throws(IMAPParseError) -> IMAPUntaggedResponse {
        let start = cursor.index
        if cursor.peek?.isDigit == true {
            let number = try cursor.number()
            try cursor.expectSpace()
            let keyword = try cursor.keyword()
            switch keyword {
            case "EXISTS": try cursor.expectEnd(); return .exists(number)
            case "RECENT": try cursor.expectEnd(); return .recent(number)
            case "EXPUNGE": try cursor.expectEnd(); return .expunge(number)
            case "FETCH":
                let fetch = try IMAPFetchResponse.parse(sequenceNumber: number, &cursor)
                try cursor.expectEnd()
                return .fetch(fetch)
            default:
                cursor.index = start
                return .other(keyword: keyword, raw: Array(cursor.rest))
            }
        }
        let keyword = try cursor.keyword()
        switch keyword {
        case "OK": return .condition(try IMAPStatusResponse.parseText(status: .ok, &cursor))
        case "NO": return .condition(try IMAPStatusResponse.parseText(status: .no, &cursor))
        case "BAD": return .condition(try IMAPStatusResponse.parseText(status: .bad, &cursor))
        case "BYE": return .condition(try IMAPStatusResponse.parseText(status: .bye, &cursor))
        case "PREAUTH": return .condition(try IMAPStatusResponse.parseText(status: .preauth, &cursor))
        case "CAPABILITY":
            let capabilities = try IMAPCapability.parseList(&cursor)
            try cursor.expectEnd()
            return .capability(capabilities)
        case "ENABLED":
            let capabilities = try IMAPCapability.parseList(&cursor)
            try cursor.expectEnd()
            return .enabled(capabilities)
        case "ID":
            try cursor.expectSpace()
            let parameters = try IMAPIDParameter.parseList(&cursor)
            try cursor.expectEnd()
            return .id(parameters)
        case "LIST", "XLIST":
            return .list(try IMAPMailboxInfo.parse(&cursor))
        case "LSUB":
            return .lsub(try IMAPMailboxInfo.parse(&cursor))
        case "STATUS":
            let (name, status) = try IMAPMailboxStatus.parse(&cursor)
            return .status(mailbox: name, status: status)
        case "SEARCH":
            return .search(try IMAPSearchResult.parse(&cursor))
        case "ESEARCH":
            return .esearch(try IMAPESearchResponse.parse(&cursor))
        case "FLAGS":
            try cursor.expectSpace()
            let flags = try IMAPFlag.parseList(&cursor)
            try cursor.expectEnd()
            return .flags(flags)
        case "VANISHED":
            // expunged-resp = "VANISHED" [SP "(EARLIER)"] SP known-uids
            try cursor.expectSpace()
            var earlier = false
            if cursor.skip(.openParen) {
                guard cursor.skipKeyword("EARLIER") else { throw cursor.error("expected EARLIER") }
                try cursor.expect(.closeParen, "\")\" after EARLIER")
                try cursor.expectSpace()
                earlier = true
            }
            let uids = try IMAPSequenceSet.parse(&cursor)
            try cursor.expectEnd()
            return .vanished(earlier: earlier, uids: uids)
        default:
            cursor.index = start
            return .other(keyword: keyword, raw: Array(cursor.rest))
        }
    }
}
