/// One requested FETCH data item and how the server renders it for a message (RFC 9051 §6.4.5, §7.5.2).
///
///     C: A5 UID FETCH 3 (FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])
///     S: * 1 FETCH (UID 3 FLAGS (\Seen) BODY[HEADER.FIELDS (SUBJECT)] {16}
///     S: Subject: hi
///     S:
///     S: )
enum IMAPFetchRequest: Equatable {
    case uid, flags, internalDate, size, envelope, bodyStructure(extensible: Bool)
    /// `BODY[section]<offset.count>` and the RFC822 forms; `label` is the name the response uses.
    case body(section: String, peek: Bool, partial: (offset: Int, count: Int)?, label: String)

    static func == (a: IMAPFetchRequest, b: IMAPFetchRequest) -> Bool {
        switch (a, b) {
        case (.uid, .uid), (.flags, .flags), (.internalDate, .internalDate), (.size, .size), (.envelope, .envelope): true
        case (.bodyStructure(let x), .bodyStructure(let y)): x == y
        case (.body(let s1, let p1, _, let l1), .body(let s2, let p2, _, let l2)): s1 == s2 && p1 == p2 && l1 == l2
        default: false
        }
    }

    /// Whether fetching it sets \Seen (a non-PEEK body section).
    var setsSeen: Bool {
        if case .body(_, let peek, _, _) = self { return !peek }
        return false
    }

    // fetch-att = "ENVELOPE" / "FLAGS" / "INTERNALDATE" / "RFC822" [".HEADER" / ".SIZE" / ".TEXT"] / "BODY" ["STRUCTURE"] /
    //             "UID" / "BODY" section [partial] / "BODY.PEEK" section [partial]
    init?(_ text: String) {
        let upper = text.uppercased()
        switch upper {
        case "UID": self = .uid
        case "FLAGS": self = .flags
        case "INTERNALDATE": self = .internalDate
        case "RFC822.SIZE": self = .size
        case "ENVELOPE": self = .envelope
        case "BODYSTRUCTURE": self = .bodyStructure(extensible: true)
        case "BODY": self = .bodyStructure(extensible: false)
        case "RFC822": self = .body(section: "", peek: false, partial: nil, label: "RFC822")
        case "RFC822.HEADER": self = .body(section: "HEADER", peek: true, partial: nil, label: "RFC822.HEADER")
        case "RFC822.TEXT": self = .body(section: "TEXT", peek: false, partial: nil, label: "RFC822.TEXT")
        default:
            let peek = upper.hasPrefix("BODY.PEEK[")
            guard peek || upper.hasPrefix("BODY["), let close = text.lastIndex(of: "]") else { return nil }
            let open = text.index(text.firstIndex(of: "[")!, offsetBy: 1)
            let section = String(text[open..<close])
            var partial: (Int, Int)?
            let tail = text[text.index(after: close)...]
            if !tail.isEmpty {
                guard tail.hasPrefix("<"), tail.hasSuffix(">") else { return nil }
                // partial = "<" number64 "." nz-number64 ">": digits only (Int("-1") would parse).
                let numbers = tail.dropFirst().dropLast().split(separator: ".", omittingEmptySubsequences: false)
                guard numbers.count == 2, numbers.allSatisfy({ !$0.isEmpty && $0.count <= 18 && $0.allSatisfy { ("0"..."9").contains($0) } }),
                      let offset = Int(numbers[0]), let count = Int(numbers[1]), count > 0 else { return nil }
                partial = (offset, count)
            }
            let label = "BODY[\(section)]" + (partial.map { "<\($0.0)>" } ?? "")
            self = .body(section: section.uppercased(), peek: peek, partial: partial, label: label)
        }
    }

    /// The item as it appears in a FETCH response.
    func render(_ message: TestMailMessage) -> [UInt8] {
        var structure: MIMEEntity?
        return render(message, structure: &structure)
    }

    /// The same, reading the message's MIME structure at most once for all the items of one
    /// message: `structure` holds it once an item needed it.
    func render(_ message: TestMailMessage, structure: inout MIMEEntity?) -> [UInt8] {
        switch self {
        case .uid:
            return Array("UID \(message.uid)".utf8)
        case .flags:
            let flags = (message.recent ? ["\\Recent"] : []) + message.flags.sorted()
            return Array("FLAGS (\(flags.joined(separator: " ")))".utf8)
        case .internalDate:
            return Array("INTERNALDATE \"\(WallClock.imapInternalDate(message.internalDate))\"".utf8)
        case .size:
            return Array("RFC822.SIZE \(message.bytes.count)".utf8)
        case .envelope:
            return IMAPEnvelopeRenderer.render(message.bytes)
        case .bodyStructure(let extensible):
            let name = extensible ? "BODYSTRUCTURE " : "BODY "
            let entity = structure ?? MIMEEntity(message.bytes[...])
            structure = entity
            return Array(name.utf8) + entity.bodyStructure(extensible: extensible)
        case .body(let section, _, let partial, let label):
            var content = Self.section(section, of: message.bytes, structure: &structure)
            if let partial {
                let start = min(partial.offset, content.count)
                let end = partial.count > content.count - start ? content.count : start + partial.count
                content = Array(content[start..<end])
            }
            return Array("\(label) {\(content.count)}\r\n".utf8) + content
        }
    }

    /// Header (through the blank line) and text of a message (RFC 5322 §2.1).
    static func split(_ bytes: [UInt8]) -> (header: ArraySlice<UInt8>, text: ArraySlice<UInt8>) {
        split(bytes[...])
    }

    /// The same for a part of a message: a part that starts with a blank line has an empty header.
    static func split(_ bytes: ArraySlice<UInt8>) -> (header: ArraySlice<UInt8>, text: ArraySlice<UInt8>) {
        let start = bytes.startIndex
        if bytes.first == 10 { return (bytes[start..<(start + 1)], bytes[(start + 1)...]) }
        if bytes.starts(with: [13, 10]) { return (bytes[start..<(start + 2)], bytes[(start + 2)...]) }
        var index = start
        while index + 1 < bytes.endIndex {
            if bytes[index] == 10 {
                if bytes[index + 1] == 10 { return (bytes[...(index + 1)], bytes[(index + 2)...]) }
                if bytes[index + 1] == 13, index + 2 < bytes.endIndex, bytes[index + 2] == 10 {
                    return (bytes[...(index + 2)], bytes[(index + 3)...])
                }
            }
            index += 1
        }
        return (bytes, bytes[bytes.endIndex...])
    }

    // section-spec  = section-msgtext / (section-part ["." section-text])
    // section-msgtext = "HEADER" / "HEADER.FIELDS" [".NOT"] SP header-list / "TEXT"
    // section-part  = nz-number *("." nz-number) ; section-text = section-msgtext / "MIME"
    /// The bytes a section names; empty for a part that does not exist.
    static func section(_ section: String, of bytes: [UInt8]) -> [UInt8] {
        var structure: MIMEEntity?
        return Self.section(section, of: bytes, structure: &structure)
    }

    /// The same, with the message's MIME structure read only for a part number, and only once
    /// (`structure` holds it).
    static func section(_ section: String, of bytes: [UInt8], structure: inout MIMEEntity?) -> [UInt8] {
        var path: [Int] = []
        var text = Substring(section)
        while let number = text.prefix(while: { ("0"..."9").contains($0) }).nonEmpty, let value = Int(number), value > 0 {
            path.append(value)
            text = text.dropFirst(number.count)
            guard text.first == "." else { break }
            text = text.dropFirst()
        }
        if path.isEmpty {
            // The message's own sections need no MIME parse.
            let (header, body) = split(bytes)
            switch text {
            case "": return bytes
            case "HEADER": return Array(header)
            case "TEXT": return Array(body)
            case "MIME": return []
            default: return headerFieldsSection(text, of: header)
            }
        }
        let root = structure ?? MIMEEntity(bytes[...])
        structure = root
        guard let entity = root.part(path[...]) else { return [] }
        // A part's HEADER and TEXT are those of the message a message/rfc822 part holds.
        let message = entity.embedded.first
        switch text {
        case "": return Array(entity.body)
        case "MIME": return Array(entity.header)
        case "HEADER": return message.map { Array($0.header) } ?? []
        case "TEXT": return message.map { Array($0.body) } ?? []
        default: return message.map { headerFieldsSection(text, of: $0.header) } ?? []
        }
    }

    /// `HEADER.FIELDS (A B)` / `HEADER.FIELDS.NOT (A B)` of `header`; empty for anything else.
    static func headerFieldsSection(_ text: Substring, of header: ArraySlice<UInt8>) -> [UInt8] {
        let not = text.hasPrefix("HEADER.FIELDS.NOT")
        guard text.hasPrefix("HEADER.FIELDS"), let open = text.firstIndex(of: "("), let close = text.firstIndex(of: ")"),
              open < close else { return [] }
        let names = Set(text[text.index(after: open)..<close].split(separator: " ").map { $0.uppercased() })
        return headerFields(header, names: names, exclude: not)
    }

    /// The header lines (with their continuation lines) whose names are (or, with `exclude`, are not) in `names`, and a blank line.
    static func headerFields(_ header: ArraySlice<UInt8>, names: Set<String>, exclude: Bool) -> [UInt8] {
        var result: [UInt8] = []
        var keep = false
        var lineStart = header.startIndex
        while lineStart < header.endIndex {
            let lineEnd = header[lineStart...].firstIndex(of: 10).map { $0 + 1 } ?? header.endIndex
            let line = header[lineStart..<lineEnd]
            if line.first == 32 || line.first == 9 {
                if keep { result += line }
            } else if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
                let name = String(decoding: line[..<colon], as: UTF8.self).trimmingSpaces.uppercased()
                keep = names.contains(name) != exclude
                if keep { result += line }
            } else {
                keep = false
            }
            lineStart = lineEnd
        }
        return result + [13, 10]
    }
}

extension String {
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
