/// The bracketed code at the start of a status response's text.
///
///     S: * OK [UIDVALIDITY 3857529045] UIDs valid
///     S: A003 OK [APPENDUID 38505 3955] APPEND completed
///
/// Codes the parser does not know, and known codes whose arguments do not
/// parse, are kept as ``other(name:text:)``. RFC 9051 §7.1, RFC 4315 (UIDPLUS),
/// RFC 7162 (CONDSTORE).
public enum IMAPResponseCode: Hashable, Sendable {
    case alert
    case capability([IMAPCapability])
    case permanentFlags([IMAPFlag])
    case uidValidity(UInt32)
    case uidNext(UInt32)
    case unseen(UInt32)
    case readOnly
    case readWrite
    case tryCreate
    case parse
    case uidNotSticky
    case closed
    case noModSeq
    case highestModSeq(UInt64)
    case appendUID(uidValidity: UInt32, uids: IMAPSequenceSet)
    case copyUID(uidValidity: UInt32, source: IMAPSequenceSet, destination: IMAPSequenceSet)
    case badCharset([String])
    /// Any other code: its name (upper-cased) and the text after it, if any.
    case other(name: String, text: String?)

    // resp-text-code = "ALERT" / "BADCHARSET" [SP "(" charset *(SP charset) ")"] / capability-data /
    //                  "PARSE" / "PERMANENTFLAGS" SP "(" [flag-perm *(SP flag-perm)] ")" /
    //                  "READ-ONLY" / "READ-WRITE" / "TRYCREATE" / "UIDNEXT" SP nz-number /
    //                  "UIDVALIDITY" SP nz-number / "UNSEEN" SP nz-number / ... /
    //                  atom [SP 1*<any TEXT-CHAR except "]">]
    /// Parses the code between `[` and `]`; the cursor is after `[` and is left at `]`.
    static func parse(_ cursor: inout IMAPParserCursor) throws(IMAPParseError) -> IMAPResponseCode {
        let name = try cursor.keyword()
        let argumentsStart = cursor.index
        var attempt = cursor
        if let code = try? parseKnown(name, &attempt), attempt.peek == .closeBracket {
            cursor = attempt
            return code
        }
        cursor.index = argumentsStart
        cursor.skipSpaces()
        let textStart = cursor.index
        while let byte = cursor.peek, byte != .closeBracket { cursor.index += 1 }
        guard cursor.peek == .closeBracket else { throw cursor.error("expected \"]\" closing the response code") }
        let text = cursor.frame[textStart..<cursor.index]
        return .other(name: name, text: text.isEmpty ? nil : String(imapBytes: text))
    }

    private static func parseKnown(_ name: String, _ cursor: inout IMAPParserCursor) throws(IMAPParseError) -> IMAPResponseCode? {
        switch name {
        case "ALERT": return .alert
        case "READ-ONLY": return .readOnly
        case "READ-WRITE": return .readWrite
        case "TRYCREATE": return .tryCreate
        case "PARSE": return .parse
        case "UIDNOTSTICKY": return .uidNotSticky
        case "CLOSED": return .closed
        case "NOMODSEQ": return .noModSeq
        case "CAPABILITY":
            return .capability(try IMAPCapability.parseList(&cursor))
        case "PERMANENTFLAGS":
            try cursor.expectSpace()
            return .permanentFlags(try IMAPFlag.parseList(&cursor))
        case "UIDVALIDITY":
            try cursor.expectSpace()
            return .uidValidity(try cursor.number())
        case "UIDNEXT":
            try cursor.expectSpace()
            return .uidNext(try cursor.number())
        case "UNSEEN":
            try cursor.expectSpace()
            return .unseen(try cursor.number())
        case "HIGHESTMODSEQ":
            try cursor.expectSpace()
            return .highestModSeq(try cursor.number64())
        case "APPENDUID":
            // resp-code-apnd = "APPENDUID" SP nz-number SP append-uid
            try cursor.expectSpace()
            let validity = try cursor.number()
            try cursor.expectSpace()
            return .appendUID(uidValidity: validity, uids: try IMAPSequenceSet.parse(&cursor))
        case "COPYUID":
            // resp-code-copy = "COPYUID" SP nz-number SP uid-set SP uid-set
            try cursor.expectSpace()
            let validity = try cursor.number()
            try cursor.expectSpace()
            let source = try IMAPSequenceSet.parse(&cursor)
            try cursor.expectSpace()
            return .copyUID(uidValidity: validity, source: source, destination: try IMAPSequenceSet.parse(&cursor))
        case "BADCHARSET":
            guard cursor.peek == .sp else { return .badCharset([]) }
            cursor.skipSpaces()
            return .badCharset(try cursor.list { (cursor: inout IMAPParserCursor) throws(IMAPParseError) in
                String(imapBytes: try cursor.astring())
            })
        default:
            return nil
        }
    }
}
