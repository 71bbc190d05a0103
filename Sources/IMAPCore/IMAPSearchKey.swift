/// A SEARCH criterion; nest with ``and(_:)``, ``or(_:_:)``, ``not(_:)``.
///
///     C: A0007 UID SEARCH SINCE 1-Feb-2024 HEADER Message-ID "<abc@example.test>"
///     C: A0008 UID SEARCH CHARSET UTF-8 SUBJECT {6}      ; "Grüße" goes as a literal
///
/// Strings that are not ASCII make the encoder add `CHARSET UTF-8`. RFC 9051 §6.4.4.
public indirect enum IMAPSearchKey: Hashable, Sendable {
    case all
    case seen, unseen, answered, unanswered, flagged, unflagged, deleted, undeleted, draft, undraft
    case keyword(IMAPFlag), unkeyword(IMAPFlag)
    case header(String, String)
    case subject(String), from(String), to(String), cc(String), body(String), text(String)
    /// Internal date on or after the day.
    case since(IMAPSearchDate)
    case before(IMAPSearchDate)
    case on(IMAPSearchDate)
    case sentSince(IMAPSearchDate)
    case sentBefore(IMAPSearchDate)
    case larger(UInt32), smaller(UInt32)
    case uid(IMAPSequenceSet)
    case sequence(IMAPSequenceSet)
    case modSeq(UInt64)
    case not(IMAPSearchKey)
    case or(IMAPSearchKey, IMAPSearchKey)
    /// All of the keys (a parenthesised list when there are several).
    case and([IMAPSearchKey])
    /// Criteria sent verbatim; CR, LF and NUL are refused.
    case raw(String)

    /// Whether any string argument is not ASCII.
    var needsUTF8: Bool {
        switch self {
        case .header(let a, let b): !a.utf8.allSatisfy { $0 < 0x80 } || !b.utf8.allSatisfy { $0 < 0x80 }
        case .subject(let s), .from(let s), .to(let s), .cc(let s), .body(let s), .text(let s): !s.utf8.allSatisfy { $0 < 0x80 }
        case .not(let key): key.needsUTF8
        case .or(let a, let b): a.needsUTF8 || b.needsUTF8
        case .and(let keys): keys.contains { $0.needsUTF8 }
        default: false
        }
    }

    // MARK: - Encoding

    // search-key = "ALL" / "ANSWERED" / "BCC" SP astring / "BEFORE" SP date / ... / "HEADER" SP header-fld-name SP astring /
    //              "NOT" SP search-key / "OR" SP search-key SP search-key / "UID" SP sequence-set / "(" search-key *(SP search-key) ")"
    func write(into writer: inout IMAPCommandWriter) throws(IMAPCommandEncodingError) {
        func string(_ name: String, _ value: String) throws(IMAPCommandEncodingError) {
            writer.raw(name + " ")
            try writer.astring(Array(value.utf8), argument: name.lowercased())
        }
        switch self {
        case .all: writer.raw("ALL")
        case .seen: writer.raw("SEEN")
        case .unseen: writer.raw("UNSEEN")
        case .answered: writer.raw("ANSWERED")
        case .unanswered: writer.raw("UNANSWERED")
        case .flagged: writer.raw("FLAGGED")
        case .unflagged: writer.raw("UNFLAGGED")
        case .deleted: writer.raw("DELETED")
        case .undeleted: writer.raw("UNDELETED")
        case .draft: writer.raw("DRAFT")
        case .undraft: writer.raw("UNDRAFT")
        case .keyword(let flag):
            writer.raw("KEYWORD ")
            try writer.atom(flag.rawValue, argument: "keyword")
        case .unkeyword(let flag):
            writer.raw("UNKEYWORD ")
            try writer.atom(flag.rawValue, argument: "keyword")
        case .header(let name, let value):
            try string("HEADER", name)
            writer.space()
            try writer.astring(Array(value.utf8), argument: "header value")
        case .subject(let value): try string("SUBJECT", value)
        case .from(let value): try string("FROM", value)
        case .to(let value): try string("TO", value)
        case .cc(let value): try string("CC", value)
        case .body(let value): try string("BODY", value)
        case .text(let value): try string("TEXT", value)
        case .since(let date): writer.raw("SINCE \(date)")
        case .before(let date): writer.raw("BEFORE \(date)")
        case .on(let date): writer.raw("ON \(date)")
        case .sentSince(let date): writer.raw("SENTSINCE \(date)")
        case .sentBefore(let date): writer.raw("SENTBEFORE \(date)")
        case .larger(let size): writer.raw("LARGER \(size)")
        case .smaller(let size): writer.raw("SMALLER \(size)")
        case .uid(let set): writer.raw("UID \(set)")
        case .sequence(let set): writer.raw("\(set)")
        case .modSeq(let value): writer.raw("MODSEQ \(value)")
        case .not(let key):
            writer.raw("NOT ")
            try key.write(into: &writer)
        case .or(let a, let b):
            writer.raw("OR ")
            try a.write(into: &writer)
            writer.space()
            try b.write(into: &writer)
        case .and(let keys):
            guard !keys.isEmpty else { throw IMAPCommandEncodingError(kind: .emptyList, argument: "search keys") }
            if keys.count == 1 { return try keys[0].write(into: &writer) }
            writer.raw("(")
            for (index, key) in keys.enumerated() {
                if index > 0 { writer.space() }
                try key.write(into: &writer)
            }
            writer.raw(")")
        case .raw(let text):
            let bytes = Array(text.utf8)
            guard !bytes.contains(where: { $0 == .cr || $0 == .lf }) else {
                throw IMAPCommandEncodingError(kind: .lineBreak, argument: "raw search criteria")
            }
            guard !bytes.contains(0), !bytes.isEmpty else { throw IMAPCommandEncodingError(kind: .nulByte, argument: "raw search criteria") }
            writer.raw(text)
        }
    }
}

/// A calendar day for SEARCH SINCE / BEFORE / ON: `1-Feb-2024`.
public struct IMAPSearchDate: Hashable, Sendable, CustomStringConvertible {
    public var year: Int
    /// 1-12.
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        precondition((1...12).contains(month) && (1...31).contains(day) && (0...9999).contains(year), "invalid date")
        self.year = year
        self.month = month
        self.day = day
    }

    // date = date-text / DQUOTE date-text DQUOTE
    // date-text = date-day "-" date-month "-" date-year
    public var description: String {
        let name = IMAPInternalDate.months[month - 1]
        return "\(day)-\(name.prefix(1))\(name.dropFirst().lowercased())-\(year)"
    }
}
