/// A message's MIME structure, as the test server needs it for BODYSTRUCTURE and part sections
/// (RFC 2045, RFC 2046; RFC 9051 §6.4.5 and §7.5.2).
///
///     Content-Type: multipart/mixed; boundary="b1"     → ( ("TEXT" "PLAIN" …) ("APPLICATION" "PDF" …) "MIXED" …)
///
/// Read leniently: a missing or unreadable Content-Type is text/plain; a multipart without a
/// usable boundary or without parts, and a multipart or message/rfc822 nested deeper than
/// ``maxDepth``, is one opaque application/octet-stream part (so BODYSTRUCTURE stays grammatical);
/// parts past ``maxParts`` in one multipart are left out. Nothing is copied: headers and bodies
/// are slices of the stored message.
struct MIMEEntity {
    /// The entity's header: the message header for a message, the part's MIME header for a part.
    var header: ArraySlice<UInt8>
    var body: ArraySlice<UInt8>
    /// The header's fields, read once (see ``IMAPEnvelopeRenderer/fields(of:)``).
    var fields: [String: String]
    /// Upper-cased, as IMAP servers send them.
    var type: String
    var subtype: String
    /// Names upper-cased, values as written (unquoted).
    var parameters: [(name: String, value: String)]
    /// The parts of a multipart.
    var parts: [MIMEEntity] = []
    /// The message a message/rfc822 part holds.
    var embedded: [MIMEEntity] = []

    static let maxDepth = 16
    static let maxParts = 256

    init(_ bytes: ArraySlice<UInt8>, depth: Int = 0, defaultType: (String, String) = ("TEXT", "PLAIN")) {
        (header, body) = IMAPFetchRequest.split(bytes)
        fields = IMAPEnvelopeRenderer.fields(of: header)
        (type, subtype, parameters) = Self.contentType(fields["CONTENT-TYPE"], default: defaultType)
        let encapsulates = type == "MESSAGE" && (subtype == "RFC822" || subtype == "GLOBAL")
        if type == "MULTIPART", depth < Self.maxDepth, let boundary = parameter("BOUNDARY"), !boundary.isEmpty {
            let childDefault = subtype == "DIGEST" ? ("MESSAGE", "RFC822") : ("TEXT", "PLAIN")
            parts = Self.split(body, boundary: boundary).prefix(Self.maxParts).map {
                MIMEEntity($0, depth: depth + 1, defaultType: childDefault)
            }
        } else if encapsulates, depth < Self.maxDepth {
            embedded = [MIMEEntity(body, depth: depth + 1)]
        }
        if (type == "MULTIPART" && parts.isEmpty) || (encapsulates && embedded.isEmpty) {
            (type, subtype, parameters) = ("APPLICATION", "OCTET-STREAM", [])
        }
    }

    func parameter(_ name: String) -> String? {
        parameters.first { $0.name == name }?.value
    }

    func field(_ name: String) -> String? {
        fields[name.uppercased()]
    }

    // MARK: - Sections (RFC 9051 §6.4.5: section-part, HEADER, TEXT, MIME)

    /// The entity that part number `path` names, this being a message: a multipart message's
    /// parts are numbered from 1; a message that is not multipart has only part 1, its body.
    func part(_ path: ArraySlice<Int>) -> MIMEEntity? {
        guard let first = path.first else { return self }
        if parts.isEmpty { return first == 1 ? descendant(path.dropFirst()) : nil }
        guard first >= 1, first <= parts.count else { return nil }
        return parts[first - 1].descendant(path.dropFirst())
    }

    /// Below a numbered part: a multipart's parts, or the numbering of the message a
    /// message/rfc822 part holds; a leaf has none.
    private func descendant(_ path: ArraySlice<Int>) -> MIMEEntity? {
        guard let first = path.first else { return self }
        if let message = embedded.first { return message.part(path) }
        guard first >= 1, first <= parts.count else { return nil }
        return parts[first - 1].descendant(path.dropFirst())
    }

    // MARK: - Content-Type (RFC 2045 §5.1)

    static func contentType(_ value: String?, default fallback: (String, String))
        -> (String, String, [(name: String, value: String)]) {
        guard let value else { return (fallback.0, fallback.1, fallback.0 == "TEXT" ? [("CHARSET", "US-ASCII")] : []) }
        let pieces = splitParameters(value)
        let media = pieces.first?.split(separator: "/", maxSplits: 1).map { String($0).trimmingSpaces.uppercased() } ?? []
        guard media.count == 2, !media[0].isEmpty, !media[1].isEmpty else {
            return ("TEXT", "PLAIN", [("CHARSET", "US-ASCII")])
        }
        let parameters = pieces.dropFirst().compactMap { piece -> (name: String, value: String)? in
            guard let equals = piece.firstIndex(of: "=") else { return nil }
            let name = String(piece[..<equals]).trimmingSpaces.uppercased()
            let value = IMAPEnvelopeRenderer.unquoted(String(piece[piece.index(after: equals)...]).trimmingSpaces)
            return name.isEmpty ? nil : (name, value)
        }
        return (media[0], media[1], parameters)
    }

    /// `a; b="x;y"; c` → [a, b="x;y", c]: semicolons inside quotes stay.
    static func splitParameters(_ value: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        var quoted = false
        var escaped = false
        for character in IMAPEnvelopeRenderer.withoutComments(value) {
            if escaped {
                escaped = false
            } else if quoted && character == "\\" {
                escaped = true
            } else if character == "\"" {
                quoted.toggle()
            }
            if character == ";" && !quoted {
                pieces.append(current.trimmingSpaces)
                current = ""
            } else {
                current.append(character)
            }
        }
        pieces.append(current.trimmingSpaces)
        return pieces.filter { !$0.isEmpty }
    }

    // MARK: - Multipart bodies (RFC 2046 §5.1.1)

    /// The parts between `--boundary` lines, without the CRLF before each delimiter; the
    /// preamble and the epilogue are dropped.
    static func split(_ body: ArraySlice<UInt8>, boundary: String) -> [ArraySlice<UInt8>] {
        let delimiter = Array("--\(boundary)".utf8)
        var parts: [ArraySlice<UInt8>] = []
        var partStart: Int?
        var lineStart = body.startIndex
        while lineStart < body.endIndex {
            let lineEnd = body[lineStart...].firstIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? body.endIndex
            let line = body[lineStart..<lineEnd]
            if line.starts(with: delimiter) {
                let rest = line.dropFirst(delimiter.count)
                let closing = rest.starts(with: [UInt8(ascii: "-"), UInt8(ascii: "-")])
                if rest.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 || $0 == 10 }) || closing {
                    if let start = partStart {
                        // The CRLF before the delimiter belongs to it.
                        var end = lineStart
                        if end > start, body[end - 1] == UInt8(ascii: "\n") { end -= 1 }
                        if end > start, body[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                        parts.append(body[start..<end])
                    }
                    if closing { return parts }
                    partStart = lineEnd
                }
            }
            lineStart = lineEnd
        }
        if let start = partStart, start < body.endIndex { parts.append(body[start...]) }
        return parts
    }
}

extension ArraySlice<UInt8> {
    /// Lines as IMAP counts them for a text body: line ends.
    var lineCount: Int { reduce(0) { $0 + ($1 == 10 ? 1 : 0) } }
}

extension Substring {
    var nonEmpty: Substring? { isEmpty ? nil : self }
}
