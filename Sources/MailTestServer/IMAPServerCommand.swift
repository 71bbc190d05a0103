/// One IMAP command as the server received it: tag, name, and its arguments as tokens.
///
///     C: A0004 UID FETCH 1:* (UID BODY.PEEK[HEADER.FIELDS (SUBJECT)])
///     → tag "A0004", name "UID FETCH", arguments [atom 1:*, list [atom UID, atom BODY.PEEK[HEADER.FIELDS (SUBJECT)]]]
///
/// RFC 9051 §9 `command`; literals (`{n}`, `{n+}`) arrive already read and are
/// plain strings here. Section specifiers keep their brackets and spaces in one atom.
struct IMAPServerCommand {
    var tag: String
    /// Upper-cased; `UID` commands are `"UID FETCH"` and so on.
    var name: String
    var arguments: [IMAPToken]
}

/// A parsed argument.
enum IMAPToken: Equatable {
    /// An atom, number, sequence set, flag or fetch attribute (`BODY.PEEK[HEADER]<0.10>`).
    case atom(String)
    /// A quoted string or a literal.
    case string([UInt8])
    case list([IMAPToken])

    /// The text of an atom or string (astring).
    var text: String? {
        switch self {
        case .atom(let atom): atom
        case .string(let bytes): String(decoding: bytes, as: UTF8.self)
        case .list: nil
        }
    }
}

/// Why a command could not be parsed.
struct IMAPSyntaxError: Error {
    var message: String
}

extension IMAPServerCommand {
    /// Parses the command's text (lines joined, literals replaced by their `{n}` markers) and its literals, in order.
    init(text: [UInt8], literals: [[UInt8]]) throws(IMAPSyntaxError) {
        var tokenizer = IMAPTokenizer(bytes: text, literals: literals)
        let tokens = try tokenizer.tokens(closing: false)
        guard case .atom(let tag)? = tokens.first, !tag.isEmpty else {
            throw IMAPSyntaxError(message: "missing tag")
        }
        guard tokens.count >= 2, case .atom(let first) = tokens[1] else {
            throw IMAPSyntaxError(message: "missing command")
        }
        var name = first.uppercased()
        var rest = Array(tokens.dropFirst(2))
        if name == "UID", case .atom(let second)? = rest.first {
            name += " " + second.uppercased()
            rest.removeFirst()
        }
        self.init(tag: tag, name: name, arguments: rest)
    }
}

/// Splits command text into tokens.
struct IMAPTokenizer {
    let bytes: [UInt8]
    var literals: [[UInt8]]
    var index = 0
    var nextLiteral = 0

    init(bytes: [UInt8], literals: [[UInt8]]) {
        self.bytes = bytes
        self.literals = literals
    }

    mutating func tokens(closing: Bool, depth: Int = 0) throws(IMAPSyntaxError) -> [IMAPToken] {
        guard depth < 16 else { throw IMAPSyntaxError(message: "lists nested too deeply") }
        var result: [IMAPToken] = []
        while true {
            while index < bytes.count && bytes[index] == UInt8(ascii: " ") { index += 1 }
            guard index < bytes.count else {
                if closing { throw IMAPSyntaxError(message: "missing )") }
                return result
            }
            switch bytes[index] {
            case UInt8(ascii: ")"):
                guard closing else { throw IMAPSyntaxError(message: "unexpected )") }
                index += 1
                return result
            case UInt8(ascii: "("):
                index += 1
                result.append(.list(try tokens(closing: true, depth: depth + 1)))
            case UInt8(ascii: "\""):
                result.append(.string(try quoted()))
            case UInt8(ascii: "{"):
                result.append(.string(try literal()))
            default:
                result.append(.atom(atom()))
            }
        }
    }

    // quoted = DQUOTE *QUOTED-CHAR DQUOTE ; QUOTED-CHAR = <any TEXT-CHAR except quoted-specials> / "\" quoted-specials
    private mutating func quoted() throws(IMAPSyntaxError) -> [UInt8] {
        index += 1
        var out: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: "\"") { return out }
            if byte == UInt8(ascii: "\\"), index < bytes.count {
                out.append(bytes[index])
                index += 1
            } else {
                out.append(byte)
            }
        }
        throw IMAPSyntaxError(message: "unterminated quoted string")
    }

    // literal = "{" number64 ["+"] "}" CRLF *CHAR8
    private mutating func literal() throws(IMAPSyntaxError) -> [UInt8] {
        guard let close = bytes[index...].firstIndex(of: UInt8(ascii: "}")), nextLiteral < literals.count else {
            throw IMAPSyntaxError(message: "malformed literal")
        }
        index = close + 1
        defer { nextLiteral += 1 }
        return literals[nextLiteral]
    }

    /// Atom characters, plus everything between `[` and its `]` (section specifiers).
    private mutating func atom() -> String {
        let start = index
        var depth = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "[") { depth += 1 }
            if byte == UInt8(ascii: "]") { depth = max(0, depth - 1) }
            if depth == 0 && (byte == UInt8(ascii: " ") || byte == UInt8(ascii: "(") || byte == UInt8(ascii: ")")) {
                break
            }
            index += 1
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }
}
