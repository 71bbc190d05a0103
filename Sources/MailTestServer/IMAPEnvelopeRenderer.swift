/// FETCH ENVELOPE for a stored message: its header fields as RFC 9051 §7.5.2 lays them out.
///
///     Subject: lunch
///     From: "Doe, Jane" <jane@example.test>
///     To: team: bob@example.test, carol@example.test;
///
///     ENVELOPE (NIL "lunch" (("Doe, Jane" NIL "jane" "example.test")) (("Doe, Jane" NIL "jane" "example.test"))
///               (("Doe, Jane" NIL "jane" "example.test")) ((NIL NIL "team" NIL)("..." ...)(NIL NIL NIL NIL)) NIL NIL NIL NIL)
///
/// Sender and Reply-To default to From when absent or empty (RFC 9051 §7.5.2). Address lists are read as RFC 5322 §3.4
/// writes them: display names quoted or not, comments dropped, groups kept; what cannot be read as
/// an address keeps its text as the mailbox, so nothing the client sent is lost.
enum IMAPEnvelopeRenderer {
    private enum Byte {
        static let space: UInt8 = 0x20, tab: UInt8 = 0x09, cr: UInt8 = 0x0D, lf: UInt8 = 0x0A, quote: UInt8 = 0x22, backslash: UInt8 = 0x5C
    }

    static func render(_ message: [UInt8]) -> [UInt8] {
        Array("ENVELOPE ".utf8) + envelope(of: IMAPFetchRequest.split(message).header)
    }

    /// `(date subject from sender reply-to to cc bcc in-reply-to message-id)` of a message header.
    static func envelope(of header: ArraySlice<UInt8>) -> [UInt8] {
        let fields = Self.fields(of: header)
        func field(_ name: String) -> String? { fields[name.uppercased()] }
        let from = field("From")
        // Sender and Reply-To absent or empty: From's (RFC 9051 §7.5.2).
        func orFrom(_ value: String?) -> String? { value.flatMap { $0.isEmpty ? nil : $0 } ?? from }
        let items: [[UInt8]] = [
            nstring(field("Date")), nstring(field("Subject")),
            addressList(from), addressList(orFrom(field("Sender"))), addressList(orFrom(field("Reply-To"))),
            addressList(field("To")), addressList(field("Cc")), addressList(field("Bcc")),
            nstring(field("In-Reply-To")), nstring(field("Message-ID")),
        ]
        return Array("(".utf8) + Array(items.joined(separator: [Byte.space])) + Array(")".utf8)
    }

    /// The header's fields by upper-cased name, read in one pass: the first field of each name,
    /// its value unfolded (RFC 5322 §2.2.3) and without surrounding white space.
    static func fields(of header: ArraySlice<UInt8>) -> [String: String] {
        var fields: [String: String] = [:]
        var name: String?
        var value: [UInt8] = []
        func flush() {
            if let name, fields[name] == nil { fields[name] = String(decoding: value, as: UTF8.self).trimmingSpaces }
        }
        var lineStart = header.startIndex
        while lineStart < header.endIndex {
            let lineEnd = header[lineStart...].firstIndex(of: Byte.lf).map { $0 + 1 } ?? header.endIndex
            var line = header[lineStart..<lineEnd]
            while let last = line.last, last == Byte.lf || last == Byte.cr { line = line.dropLast() }
            if let first = line.first, first == Byte.space || first == Byte.tab {
                if name != nil { value += line }
            } else {
                flush()
                (name, value) = (nil, [])
                if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
                    name = String(decoding: line[..<colon], as: UTF8.self).trimmingSpaces.uppercased()
                    value = Array(line[(colon + 1)...])
                }
            }
            lineStart = lineEnd
        }
        flush()
        return fields
    }

    // MARK: - Addresses (RFC 5322 §3.4)

    /// `((name adl mailbox host)...)`, a group as `(NIL NIL "name" NIL)` … `(NIL NIL NIL NIL)`; NIL when empty.
    static func addressList(_ value: String?) -> [UInt8] {
        guard let value else { return Array("NIL".utf8) }
        var out: [UInt8] = []
        for item in items(of: value) {
            switch item {
            case .mailbox(let text):
                if let address = address(text) { out += address }
            case .group(let name, let members):
                out += Array("(NIL NIL ".utf8) + nstring(name) + Array(" NIL)".utf8)
                for member in members { if let address = address(member) { out += address } }
                out += Array("(NIL NIL NIL NIL)".utf8)
            }
        }
        return out.isEmpty ? Array("NIL".utf8) : [UInt8(ascii: "(")] + out + [UInt8(ascii: ")")]
    }

    enum Item: Equatable {
        case mailbox(String)
        case group(String, [String])
    }

    /// Splits an address list at the commas, colons and semicolons that are not inside a quoted
    /// string, a comment or angle brackets.
    static func items(of value: String) -> [Item] {
        var items: [Item] = []
        var group: (name: String, members: [String])?
        var current = ""
        var quoted = false, escaped = false, comment = 0, angle = false
        func flush() {
            let text = current.trimmingSpaces
            current = ""
            guard !text.isEmpty else { return }
            if group != nil { group!.members.append(text) } else { items.append(.mailbox(text)) }
        }
        for character in value {
            if escaped {
                escaped = false
            } else if character == "\\" && (quoted || comment > 0) {
                escaped = true
            } else if quoted {
                if character == "\"" { quoted = false }
            } else if comment > 0 {
                if character == "(" { comment += 1 } else if character == ")" { comment -= 1 }
            } else if character == "\"" {
                quoted = true
            } else if character == "(" {
                comment = 1
            } else if character == "<" {
                angle = true
            } else if character == ">" {
                angle = false
            } else if !angle, character == "," {
                flush()
                continue
            } else if !angle, character == ":", group == nil {
                group = (displayName(current) ?? "", [])
                current = ""
                continue
            } else if !angle, character == ";", group != nil {
                flush()
                items.append(.group(group!.name, group!.members))
                group = nil
                continue
            }
            current.append(character)
        }
        flush()
        if let group { items.append(.group(group.name, group.members)) }
        return items
    }

    // mailbox = name-addr / addr-spec ; name-addr = [display-name] angle-addr
    /// `("Jane Doe" NIL "jane" "example.test")`; nil for an empty item.
    static func address(_ text: String) -> [UInt8]? {
        let name: String?
        let spec: String
        if let open = text.lastIndex(of: "<"), let close = text[open...].firstIndex(of: ">") {
            name = displayName(String(text[..<open]))
            spec = String(text[text.index(after: open)..<close])
        } else {
            name = nil
            spec = withoutComments(text)
        }
        let trimmed = spec.trimmingSpaces
        guard !trimmed.isEmpty else { return nil }
        let mailbox: String
        let host: String?
        if let at = trimmed.lastIndex(of: "@") {
            mailbox = String(trimmed[..<at])
            host = String(trimmed[trimmed.index(after: at)...])
        } else {
            (mailbox, host) = (trimmed, nil)
        }
        let head = Array("(".utf8) + nstring(name) + Array(" NIL ".utf8) + nstring(unquoted(mailbox))
        return head + [Byte.space] + nstring(host) + Array(")".utf8)
    }

    /// A display name without its quotes, escapes and comments; nil when empty.
    static func displayName(_ text: String) -> String? {
        let name = unquoted(withoutComments(text).trimmingSpaces)
        return name.isEmpty ? nil : name
    }

    static func withoutComments(_ text: String) -> String {
        var out = ""
        var depth = 0, quoted = false, escaped = false
        for character in text {
            if escaped {
                escaped = false
                if depth == 0 { out.append(character) }
                continue
            }
            if character == "\\" && (quoted || depth > 0) {
                escaped = true
                if depth == 0 { out.append(character) }
            } else if depth > 0 {
                if character == "(" { depth += 1 } else if character == ")" { depth -= 1 }
            } else if character == "\"" {
                quoted.toggle()
                out.append(character)
            } else if character == "(" && !quoted {
                depth = 1
            } else {
                out.append(character)
            }
        }
        return out
    }

    /// `"Doe, Jane"` → `Doe, Jane`; quoted pairs undone. Unquoted text is kept as it is.
    static func unquoted(_ text: String) -> String {
        guard text.contains("\"") else { return text }
        var out = ""
        var escaped = false
        for character in text {
            if escaped {
                out.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character != "\"" {
                out.append(character)
            }
        }
        return out
    }

    // MARK: - Strings

    /// A quoted string when the text allows one, a literal otherwise (non-ASCII, CR, LF); NIL for nil.
    static func nstring(_ text: String?) -> [UInt8] {
        guard let text else { return Array("NIL".utf8) }
        let bytes = Array(text.utf8)
        if bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            var out: [UInt8] = [Byte.quote]
            for byte in bytes {
                if byte == Byte.quote || byte == Byte.backslash { out.append(Byte.backslash) }
                out.append(byte)
            }
            return out + [Byte.quote]
        }
        return Array("{\(bytes.count)}\r\n".utf8) + bytes
    }
}
