/// One item of a FETCH response.
///
///     S: * 12 FETCH (UID 4827 FLAGS (\Seen) RFC822.SIZE 4286 BODY[HEADER] {342}
///
/// Literal payloads are copied once out of the input buffer. Items the parser
/// does not know (`X-GM-LABELS`, `X-GM-MSGID`, `PREVIEW`, ...) are kept as
/// ``unknown(name:value:)`` with the raw bytes of their value.
/// RFC 9051 §7.5.2, RFC 3516 (BINARY), RFC 7162 (MODSEQ).
public enum IMAPFetchAttribute: Hashable, Sendable {
    case uid(UInt32)
    case flags([IMAPFlag])
    case internalDate(IMAPInternalDate)
    case rfc822Size(UInt64)
    case envelope(IMAPEnvelope)
    /// BODYSTRUCTURE (`extended: true`) or BODY without a section (`extended: false`).
    case bodyStructure(IMAPBodyStructure, extended: Bool)
    /// `BODY[section]<origin>`; `nil` data for NIL.
    case body(section: IMAPSectionSpecifier, origin: UInt32?, data: [UInt8]?)
    /// `BINARY[part]<origin>`; `nil` data for NIL.
    case binary(part: [UInt32], origin: UInt32?, data: [UInt8]?)
    case binarySize(part: [UInt32], size: UInt32)
    case rfc822(data: [UInt8]?)
    case rfc822Header(data: [UInt8]?)
    case rfc822Text(data: [UInt8]?)
    case modSeq(UInt64)
    /// An item this parser does not interpret: its name (upper-cased, with any
    /// `[...]` suffix as sent) and the raw bytes of its value.
    case unknown(name: String, value: [UInt8])

    // msg-att = "(" (msg-att-dynamic / msg-att-static) *(SP (msg-att-dynamic / msg-att-static)) ")"
    // msg-att-dynamic = "FLAGS" SP "(" [flag-fetch *(SP flag-fetch)] ")"
    // msg-att-static  = "ENVELOPE" SP envelope / "INTERNALDATE" SP date-time / "RFC822.SIZE" SP number64 /
    //                   "BODY" ["STRUCTURE"] SP body / "BODY" section ["<" number ">"] SP nstring /
    //                   "BINARY" section-binary SP (nstring / literal8) / "BINARY.SIZE" section-binary SP number /
    //                   "UID" SP uniqueid / "RFC822" / "RFC822.HEADER" / "RFC822.TEXT" SP nstring
    // fetch-mod-resp  = "MODSEQ" SP "(" permsg-modsequence ")"
    static func parse(_ cursor: inout IMAPParserCursor) throws(IMAPParseError) -> IMAPFetchAttribute {
        let nameStart = cursor.index
        // Names stop before "[" (an atom character) so that BODY[...] splits.
        while let byte = cursor.peek, byte.isAtomChar, byte != .openBracket { cursor.index += 1 }
        guard cursor.index > nameStart else { throw cursor.error("expected a FETCH item name") }
        let name = IMAPParserCursor.uppercasedText(cursor.frame[nameStart..<cursor.index])
        switch name {
        case "UID":
            try cursor.expectSpace()
            return .uid(try cursor.number())
        case "FLAGS":
            try cursor.expectSpace()
            return .flags(try IMAPFlag.parseList(&cursor))
        case "INTERNALDATE":
            try cursor.expectSpace()
            return .internalDate(try IMAPInternalDate.parse(&cursor))
        case "RFC822.SIZE":
            try cursor.expectSpace()
            return .rfc822Size(try cursor.number64())
        case "ENVELOPE":
            try cursor.expectSpace()
            return .envelope(try IMAPEnvelope.parse(&cursor))
        case "BODYSTRUCTURE":
            try cursor.expectSpace()
            return .bodyStructure(try IMAPBodyStructure.parse(&cursor), extended: true)
        case "BODY", "BODY.PEEK":
            if cursor.peek != .openBracket {
                try cursor.expectSpace()
                return .bodyStructure(try IMAPBodyStructure.parse(&cursor), extended: false)
            }
            let section = try IMAPSectionSpecifier.parse(&cursor)
            let origin = try parseOrigin(&cursor)
            try cursor.expectSpace()
            return .body(section: section, origin: origin, data: try cursor.nstring())
        case "BINARY", "BINARY.PEEK", "BINARY.SIZE":
            // section-binary = "[" [section-part] "]"
            let section = try IMAPSectionSpecifier.parse(&cursor)
            guard section.kind == .complete else { throw cursor.error("expected a part number in a BINARY section") }
            if name == "BINARY.SIZE" {
                try cursor.expectSpace()
                return .binarySize(part: section.part, size: try cursor.number())
            }
            let origin = try parseOrigin(&cursor)
            try cursor.expectSpace()
            return .binary(part: section.part, origin: origin, data: try cursor.nstring())
        case "RFC822":
            try cursor.expectSpace()
            return .rfc822(data: try cursor.nstring())
        case "RFC822.HEADER":
            try cursor.expectSpace()
            return .rfc822Header(data: try cursor.nstring())
        case "RFC822.TEXT":
            try cursor.expectSpace()
            return .rfc822Text(data: try cursor.nstring())
        case "MODSEQ":
            try cursor.expectSpace()
            try cursor.expect(.openParen, "\"(\" after MODSEQ")
            cursor.skipSpaces()
            let value = try cursor.number64()
            cursor.skipSpaces()
            try cursor.expect(.closeParen, "\")\" after the mod-sequence")
            return .modSeq(value)
        default:
            var fullName = name
            if cursor.peek == .openBracket {
                let start = cursor.index
                while let byte = cursor.peek, byte != .closeBracket { cursor.index += 1 }
                try cursor.expect(.closeBracket, "\"]\"")
                fullName += String(imapBytes: cursor.frame[start..<cursor.index])
                _ = try parseOrigin(&cursor)
            }
            try cursor.expectSpace()
            return .unknown(name: fullName, value: Array(try cursor.skipValue()))
        }
    }

    // "<" number ">"
    private static func parseOrigin(_ cursor: inout IMAPParserCursor) throws(IMAPParseError) -> UInt32? {
        guard cursor.skip(UInt8(ascii: "<")) else { return nil }
        let origin = try cursor.number()
        try cursor.expect(UInt8(ascii: ">"), "\">\" closing the origin")
        return origin
    }
}
