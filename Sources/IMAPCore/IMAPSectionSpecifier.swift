/// Which part of a message a BODY[...] or BINARY[...] item holds.
///
///     S: * 1 FETCH (BODY[HEADER.FIELDS (SUBJECT FROM)] {42} ...)
///     S: * 1 FETCH (BODY[1.2.MIME] {120} ...)
///
/// `part` is the dotted part path (`[1, 2]`), empty for the whole message.
/// RFC 9051 §6.4.5 and §9 (`section`).
public struct IMAPSectionSpecifier: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// The whole part (`BODY[]`, `BODY[1.2]`).
        case complete
        case header
        case headerFields([String])
        case headerFieldsNot([String])
        case text
        case mime
    }

    public var part: [UInt32]
    public var kind: Kind

    public init(part: [UInt32] = [], kind: Kind = .complete) {
        self.part = part
        self.kind = kind
    }

    public static let complete = IMAPSectionSpecifier()
    public static let header = IMAPSectionSpecifier(kind: .header)
    public static let text = IMAPSectionSpecifier(kind: .text)

    // section      = "[" [section-spec] "]"
    // section-spec = section-msgtext / (section-part ["." section-text])
    // section-msgtext = "HEADER" / "HEADER.FIELDS" [".NOT"] SP header-list / "TEXT"
    // section-part = nz-number *("." nz-number)
    // section-text = section-msgtext / "MIME"
    // header-list  = "(" header-fld-name *(SP header-fld-name) ")"
    /// The cursor is at `[`; it is left after `]`.
    static func parse(_ cursor: inout IMAPParserCursor) throws(IMAPParseError) -> IMAPSectionSpecifier {
        try cursor.expect(.openBracket, "\"[\"")
        var section = IMAPSectionSpecifier()
        while cursor.peek?.isDigit == true {
            section.part.append(try cursor.nonZeroNumber())
            guard cursor.skip(UInt8(ascii: ".")) else { break }
        }
        if cursor.skip(.closeBracket) { return section }
        switch try cursor.keyword() {
        case "HEADER": section.kind = .header
        case "TEXT": section.kind = .text
        case "MIME" where !section.part.isEmpty: section.kind = .mime
        case "HEADER.FIELDS", "HEADER.FIELDS.NOT":
            let not = cursor.frame[..<cursor.index].suffix(4).map(\.uppercased) == Array(".NOT".utf8)
            try cursor.expectSpace()
            let names = try cursor.list { (cursor: inout IMAPParserCursor) throws(IMAPParseError) in
                String(imapBytes: try cursor.astring())
            }
            section.kind = not ? .headerFieldsNot(names) : .headerFields(names)
        default:
            throw cursor.error("expected HEADER, HEADER.FIELDS, TEXT or MIME in a section")
        }
        try cursor.expect(.closeBracket, "\"]\" ending the section")
        return section
    }

    // MARK: - Encoding

    /// The text between the brackets: `1.2.MIME`, `HEADER.FIELDS (SUBJECT FROM)`, or empty.
    public var description: String {
        var pieces = part.map(String.init)
        switch kind {
        case .complete: break
        case .header: pieces.append("HEADER")
        case .headerFields(let names): pieces.append("HEADER.FIELDS (\(names.joined(separator: " ")))")
        case .headerFieldsNot(let names): pieces.append("HEADER.FIELDS.NOT (\(names.joined(separator: " ")))")
        case .text: pieces.append("TEXT")
        case .mime: pieces.append("MIME")
        }
        return pieces.joined(separator: ".")
    }
}
