/// The MIME structure of a message, from FETCH BODYSTRUCTURE or BODY.
///
///     S: * 1 FETCH (BODYSTRUCTURE (("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 1152 23)
///        ("TEXT" "PLAIN" ("CHARSET" "US-ASCII" "NAME" "cc.diff") "<960723163407.20117h@cac.washington.edu>"
///        "Compiler diff" "BASE64" 4554 73) "MIXED"))
///
/// Extension data (MD5, disposition, language, location) is present only for
/// BODYSTRUCTURE; further extensions are skipped. RFC 9051 §7.5.2.
public indirect enum IMAPBodyStructure: Hashable, Sendable {
    case singlepart(Singlepart)
    case multipart(Multipart)

    /// `type/subtype`, lower-cased: `text/plain`, `multipart/alternative`.
    public var mediaType: String {
        switch self {
        case .singlepart(let part): "\(part.type)/\(part.subtype)".lowercased()
        case .multipart(let part): "multipart/\(part.subtype)".lowercased()
        }
    }

    /// The part at a section path (`[1, 2]` for `1.2`), this being a message's body; `[]` is the
    /// body itself. A multipart's parts are numbered from 1; a body that is not multipart has
    /// only part 1, itself; below a message/rfc822 part the numbers go on in the message it
    /// holds (RFC 9051 §6.4.5).
    public func part(at path: [Int]) -> IMAPBodyStructure? {
        guard let first = path.first else { return self }
        switch self {
        case .multipart(let multipart):
            guard first >= 1, first <= multipart.parts.count else { return nil }
            return multipart.parts[first - 1].descendant(path.dropFirst())
        case .singlepart:
            return first == 1 ? descendant(path.dropFirst()) : nil
        }
    }

    /// Below a numbered part: a multipart's parts, or the numbering of an enclosed message; a leaf has none.
    private func descendant(_ path: ArraySlice<Int>) -> IMAPBodyStructure? {
        guard let first = path.first else { return self }
        switch self {
        case .multipart(let multipart):
            guard first >= 1, first <= multipart.parts.count else { return nil }
            return multipart.parts[first - 1].descendant(path.dropFirst())
        case .singlepart(let single):
            guard case .message(_, let body, _) = single.kind else { return nil }
            return body.part(at: Array(path))
        }
    }

    /// A `name value` pair of a Content-Type or Content-Disposition header.
    public struct Parameter: Hashable, Sendable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// Content-Disposition: `attachment` with its parameters.
    public struct Disposition: Hashable, Sendable {
        public var type: String
        public var parameters: [Parameter]

        public init(type: String, parameters: [Parameter]) {
            self.type = type
            self.parameters = parameters
        }
    }

    /// The fields every non-multipart part has.
    public struct Fields: Hashable, Sendable {
        public var parameters: [Parameter]
        public var id: String?
        public var description: String?
        /// Content-Transfer-Encoding, as sent (`7BIT`, `BASE64`, ...).
        public var encoding: String
        public var octets: UInt32

        public init(parameters: [Parameter], id: String?, description: String?, encoding: String, octets: UInt32) {
            self.parameters = parameters
            self.id = id
            self.description = description
            self.encoding = encoding
            self.octets = octets
        }
    }

    /// What a non-multipart part carries beyond its fields.
    public enum Kind: Hashable, Sendable {
        case basic
        case text(lines: UInt32)
        /// `message/rfc822` (or `message/global`): the embedded message's envelope and structure.
        case message(envelope: IMAPEnvelope, body: IMAPBodyStructure, lines: UInt32)
    }

    /// BODYSTRUCTURE extension data shared by every kind of part.
    public struct Extension: Hashable, Sendable {
        /// Content-MD5 (single parts only).
        public var md5: String?
        /// Content-Type parameters (multipart only).
        public var parameters: [Parameter]
        public var disposition: Disposition?
        public var language: [String]
        public var location: String?

        public init(md5: String? = nil, parameters: [Parameter] = [], disposition: Disposition? = nil,
                    language: [String] = [], location: String? = nil) {
            self.md5 = md5
            self.parameters = parameters
            self.disposition = disposition
            self.language = language
            self.location = location
        }
    }

    public struct Singlepart: Hashable, Sendable {
        public var type: String
        public var subtype: String
        public var fields: Fields
        public var kind: Kind
        public var `extension`: Extension?

        public init(type: String, subtype: String, fields: Fields, kind: Kind, extension: Extension? = nil) {
            self.type = type
            self.subtype = subtype
            self.fields = fields
            self.kind = kind
            self.extension = `extension`
        }
    }

    public struct Multipart: Hashable, Sendable {
        public var parts: [IMAPBodyStructure]
        public var subtype: String
        public var `extension`: Extension?

        public init(parts: [IMAPBodyStructure], subtype: String, extension: Extension? = nil) {
            self.parts = parts
            self.subtype = subtype
            self.extension = `extension`
        }
    }
}

extension IMAPBodyStructure {
    // body = "(" (body-type-1part / body-type-mpart) ")"
    static func parse(_ cursor: inout IMAPParserCursor) throws(IMAPParseError) -> IMAPBodyStructure {
        try cursor.expect(.openParen, "\"(\" starting a body")
        return try cursor.nested { (cursor: inout IMAPParserCursor) throws(IMAPParseError) -> IMAPBodyStructure in
            cursor.skipSpaces()
            let body: IMAPBodyStructure
            if cursor.peek == .openParen {
                body = .multipart(try parseMultipart(&cursor))
            } else {
                body = .singlepart(try parseSinglepart(&cursor))
            }
            try skipExtensions(&cursor)
            try cursor.expect(.closeParen, "\")\" ending a body")
            return body
        }
    }

    // body-type-mpart = 1*body SP media-subtype [SP body-ext-mpart]
    // body-ext-mpart  = body-fld-param [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc *(SP body-extension)]]]
    private static func parseMultipart(_ cursor: inout IMAPParserCursor) throws(IMAPParseError) -> Multipart {
        var parts: [IMAPBodyStructure] = []
        while cursor.peek == .openParen {
            parts.append(try parse(&cursor))
            cursor.skipSpaces()
        }
        let subtype = try cursor.stringText()
        guard cursor.peek == .sp else { return Multipart(parts: parts, subtype: subtype) }
        cursor.skipSpaces()
        if cursor.peek == .closeParen { return Multipart(parts: parts, subtype: subtype) }
        var ext = Extension(parameters: try parseParameters(&cursor))
        try parseDispositionLanguageLocation(&ext, &cursor)
        return Multipart(parts: parts, subtype: subtype, extension: ext)
    }

    // body-type-1part = (body-type-basic / body-type-msg / body-type-text) [SP body-ext-1part]
    // body-type-basic = media-basic SP body-fields
    // body-type-msg   = media-message SP body-fields SP envelope SP body SP body-fld-lines
    // body-type-text  = media-text SP body-fields SP body-fld-lines
    // body-ext-1part  = body-fld-md5 [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc *(SP body-extension)]]]
    private static func parseSinglepart(_ cursor: inout IMAPParserCursor) throws(IMAPParseError) -> Singlepart {
        let type = try cursor.stringText()
        try cursor.expectSpace()
        let subtype = try cursor.stringText()
        try cursor.expectSpace()
        let fields = try parseFields(&cursor)
        var kind = Kind.basic
        let (upperType, upperSubtype) = (type.uppercased(), subtype.uppercased())
        if upperType == "MESSAGE", upperSubtype == "RFC822" || upperSubtype == "GLOBAL",
           cursor.peek == .sp, cursor.peek(at: 1) == .openParen {
            cursor.skipSpaces()
            let envelope = try IMAPEnvelope.parse(&cursor)
            try cursor.expectSpace()
            let body = try parse(&cursor)
            try cursor.expectSpace()
            kind = .message(envelope: envelope, body: body, lines: try cursor.number())
        } else if upperType == "TEXT", cursor.peek == .sp, cursor.peek(at: 1)?.isDigit == true {
            cursor.skipSpaces()
            kind = .text(lines: try cursor.number())
        }
        var part = Singlepart(type: type, subtype: subtype, fields: fields, kind: kind)
        guard cursor.peek == .sp else { return part }
        cursor.skipSpaces()
        if cursor.peek == .closeParen { return part }
        var ext = Extension(md5: try cursor.nstringText())
        try parseDispositionLanguageLocation(&ext, &cursor)
        part.extension = ext
        return part
    }

    // body-fields = body-fld-param SP body-fld-id SP body-fld-desc SP body-fld-enc SP body-fld-octets
    private static func parseFields(_ cursor: inout IMAPParserCursor) throws(IMAPParseError) -> Fields {
        let parameters = try parseParameters(&cursor)
        try cursor.expectSpace()
        let id = try cursor.nstringText()
        try cursor.expectSpace()
        let description = try cursor.nstringText()
        try cursor.expectSpace()
        // Lenient: some servers send NIL or an atom for the encoding.
        let encoding = cursor.peek == .quote || cursor.peek == .openBrace ? try cursor.stringText()
            : cursor.skipKeyword("NIL") ? "" : try cursor.atom()
        try cursor.expectSpace()
        return Fields(parameters: parameters, id: id, description: description, encoding: encoding, octets: try cursor.number())
    }

    // body-fld-param = "(" string SP string *(SP string SP string) ")" / nil
    private static func parseParameters(_ cursor: inout IMAPParserCursor) throws(IMAPParseError) -> [Parameter] {
        if cursor.skipKeyword("NIL") { return [] }
        try cursor.expect(.openParen, "\"(\" or NIL starting body parameters")
        return try cursor.nested { (cursor: inout IMAPParserCursor) throws(IMAPParseError) -> [Parameter] in
            var result: [Parameter] = []
            cursor.skipSpaces()
            while !cursor.skip(.closeParen) {
                let name = try cursor.stringText()
                try cursor.expectSpace()
                // Lenient: NIL values occur in the wild.
                let value = try cursor.nstringText() ?? ""
                result.append(Parameter(name: name, value: value))
                cursor.skipSpaces()
            }
            return result
        }
    }

    // [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc *(SP body-extension)]]]
    private static func parseDispositionLanguageLocation(_ ext: inout Extension, _ cursor: inout IMAPParserCursor) throws(IMAPParseError) {
        guard cursor.peek == .sp else { return }
        cursor.skipSpaces()
        if cursor.peek == .closeParen { return }
        ext.disposition = try parseDisposition(&cursor)
        guard cursor.peek == .sp else { return }
        cursor.skipSpaces()
        if cursor.peek == .closeParen { return }
        // body-fld-lang = nstring / "(" string *(SP string) ")"
        if cursor.peek == .openParen {
            ext.language = try cursor.list { (cursor: inout IMAPParserCursor) throws(IMAPParseError) in try cursor.stringText() }
        } else if let language = try cursor.nstringText() {
            ext.language = [language]
        }
        guard cursor.peek == .sp else { return }
        cursor.skipSpaces()
        if cursor.peek == .closeParen { return }
        // body-fld-loc = nstring
        ext.location = try cursor.nstringText()
    }

    // body-fld-dsp = "(" string SP body-fld-param ")" / nil
    private static func parseDisposition(_ cursor: inout IMAPParserCursor) throws(IMAPParseError) -> Disposition? {
        if cursor.skipKeyword("NIL") { return nil }
        try cursor.expect(.openParen, "\"(\" or NIL starting a disposition")
        return try cursor.nested { (cursor: inout IMAPParserCursor) throws(IMAPParseError) -> Disposition in
            cursor.skipSpaces()
            let type = try cursor.stringText()
            try cursor.expectSpace()
            let parameters = try parseParameters(&cursor)
            cursor.skipSpaces()
            try cursor.expect(.closeParen, "\")\" ending a disposition")
            return Disposition(type: type, parameters: parameters)
        }
    }

    // *(SP body-extension)
    private static func skipExtensions(_ cursor: inout IMAPParserCursor) throws(IMAPParseError) {
        cursor.skipSpaces()
        while let byte = cursor.peek, byte != .closeParen {
            try cursor.skipValue()
            cursor.skipSpaces()
        }
    }
}
