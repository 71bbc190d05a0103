/// What a FETCH asks for.
///
///     C: A0005 UID FETCH 1:* (UID FLAGS RFC822.SIZE BODY.PEEK[HEADER.FIELDS (SUBJECT FROM)]<0.2048>)
///
/// RFC 9051 §6.4.5, RFC 3516 (BINARY), RFC 7162 (MODSEQ).
public enum IMAPFetchItem: Hashable, Sendable {
    case uid
    case flags
    case internalDate
    case rfc822Size
    case envelope
    case bodyStructure
    /// `BODY[section]` (or `BODY.PEEK[...]`, which leaves `\Seen` alone) with an optional `<origin.count>`.
    case body(IMAPSectionSpecifier, peek: Bool = true, partial: ClosedRange<UInt32>? = nil)
    /// `BINARY[part]` / `BINARY.PEEK[part]`.
    case binary(part: [UInt32], peek: Bool = true)
    case binarySize(part: [UInt32])
    case modSeq
    /// Another item, sent verbatim after validation (`X-GM-LABELS`, `PREVIEW`).
    case other(String)

    // MARK: - Encoding

    // fetch-att = "ENVELOPE" / "FLAGS" / "INTERNALDATE" / "RFC822.SIZE" / "BODY" ["STRUCTURE"] / "UID" /
    //             "BODY" section [partial] / "BODY.PEEK" section [partial] /
    //             "BINARY" [".PEEK"] section-binary [partial] / "BINARY.SIZE" section-binary
    // partial   = "<" number64 "." nz-number64 ">"
    func write(into writer: inout IMAPCommandWriter) throws(IMAPCommandEncodingError) {
        switch self {
        case .uid: writer.raw("UID")
        case .flags: writer.raw("FLAGS")
        case .internalDate: writer.raw("INTERNALDATE")
        case .rfc822Size: writer.raw("RFC822.SIZE")
        case .envelope: writer.raw("ENVELOPE")
        case .bodyStructure: writer.raw("BODYSTRUCTURE")
        case .modSeq: writer.raw("MODSEQ")
        case .body(let section, let peek, let partial):
            writer.raw(peek ? "BODY.PEEK[" : "BODY[")
            try Self.writeSection(section, into: &writer)
            writer.raw("]")
            if let partial {
                writer.raw("<\(partial.lowerBound).\(UInt64(partial.upperBound) - UInt64(partial.lowerBound) + 1)>")
            }
        case .binary(let part, let peek):
            writer.raw((peek ? "BINARY.PEEK[" : "BINARY[") + part.map(String.init).joined(separator: ".") + "]")
        case .binarySize(let part):
            writer.raw("BINARY.SIZE[" + part.map(String.init).joined(separator: ".") + "]")
        case .other(let name):
            try writer.atom(name, argument: "fetch item", extra: [.openBracket, .closeBracket, UInt8(ascii: "<"), UInt8(ascii: ">")])
        }
    }

    private static func writeSection(_ section: IMAPSectionSpecifier, into writer: inout IMAPCommandWriter) throws(IMAPCommandEncodingError) {
        let part = section.part.map(String.init).joined(separator: ".")
        writer.raw(part)
        let dot = part.isEmpty ? "" : "."
        switch section.kind {
        case .complete: break
        case .header: writer.raw(dot + "HEADER")
        case .text: writer.raw(dot + "TEXT")
        case .mime: writer.raw(dot + "MIME")
        case .headerFields(let names), .headerFieldsNot(let names):
            guard !names.isEmpty else { throw IMAPCommandEncodingError(kind: .emptyList, argument: "header fields") }
            if case .headerFields = section.kind { writer.raw(dot + "HEADER.FIELDS (") } else { writer.raw(dot + "HEADER.FIELDS.NOT (") }
            for (index, name) in names.enumerated() {
                if index > 0 { writer.space() }
                try writer.astring(Array(name.utf8), argument: "header field name")
            }
            writer.raw(")")
        }
    }
}
