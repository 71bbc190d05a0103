/// The data of one message from a FETCH (or an unsolicited flag change).
///
///     S: * 3 FETCH (UID 17 FLAGS (\Seen) MODSEQ (12121231000))
///
/// RFC 9051 §7.5.2.
public struct IMAPFetchResponse: Hashable, Sendable {
    /// The message sequence number.
    public var sequenceNumber: UInt32
    public var attributes: [IMAPFetchAttribute]

    public init(sequenceNumber: UInt32, attributes: [IMAPFetchAttribute]) {
        self.sequenceNumber = sequenceNumber
        self.attributes = attributes
    }

    public var uid: UInt32? {
        for case .uid(let uid) in attributes { return uid }
        return nil
    }

    public var flags: [IMAPFlag]? {
        for case .flags(let flags) in attributes { return flags }
        return nil
    }

    public var envelope: IMAPEnvelope? {
        for case .envelope(let envelope) in attributes { return envelope }
        return nil
    }

    public var bodyStructure: IMAPBodyStructure? {
        for case .bodyStructure(let body, _) in attributes { return body }
        return nil
    }

    public var internalDate: IMAPInternalDate? {
        for case .internalDate(let date) in attributes { return date }
        return nil
    }

    public var rfc822Size: UInt64? {
        for case .rfc822Size(let size) in attributes { return size }
        return nil
    }

    public var modSeq: UInt64? {
        for case .modSeq(let value) in attributes { return value }
        return nil
    }

    /// The data of the `BODY[section]` item for `section` (any origin).
    public func body(_ section: IMAPSectionSpecifier) -> [UInt8]? {
        for case .body(section, _, let data) in attributes { return data }
        return nil
    }

    // message-data = nz-number SP ("EXPUNGE" / ("FETCH" SP msg-att))
    /// The cursor is after `FETCH`.
    static func parse(sequenceNumber: UInt32, _ cursor: inout IMAPParserCursor) throws(IMAPParseError) -> IMAPFetchResponse {
        try cursor.expectSpace()
        let attributes = try cursor.list { (cursor: inout IMAPParserCursor) throws(IMAPParseError) in
            try IMAPFetchAttribute.parse(&cursor)
        }
        return IMAPFetchResponse(sequenceNumber: sequenceNumber, attributes: attributes)
    }
}
