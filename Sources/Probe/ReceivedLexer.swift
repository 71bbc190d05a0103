/// Splits the clause part of a Received field (before the date) into words and comments.
///
///     from a.example (a.example [192.0.2.1]) by mx → word, comment, word, word
///
/// An angle address `<…>`, an address literal `[…]` and a quoted string are one word
/// each; a comment may nest (RFC 5322 §3.2.2 `comment`). Bounded by a token count.
struct ReceivedLexer {
    enum Token: Hashable {
        case word(String)
        /// The text inside the outer parentheses, white space collapsed.
        case comment(String)
    }

    private let bytes: ArraySlice<UInt8>
    private var index: Int
    private let maxTokens: Int
    private(set) var warnings: [ReceivedParseWarning] = []

    init(_ bytes: ArraySlice<UInt8>, maxTokens: Int) {
        self.bytes = bytes
        self.index = bytes.startIndex
        self.maxTokens = maxTokens
    }

    mutating func tokens() -> [Token] {
        var tokens: [Token] = []
        while index < bytes.endIndex {
            let byte = bytes[index]
            if ReceivedBytes.isWhiteSpace(byte) || byte == UInt8(ascii: ";") || byte == UInt8(ascii: ")") {
                // Stray ";" and ")" separate like white space (the split already warned about them).
                index += 1
                continue
            }
            guard tokens.count < maxTokens else {
                warnings.append(ReceivedParseWarning(.tooManyTokens, "more than \(maxTokens)"))
                break
            }
            tokens.append(byte == UInt8(ascii: "(") ? .comment(comment()) : .word(word()))
        }
        return tokens
    }

    // comment  = "(" *([FWS] ccontent) [FWS] ")"
    // ccontent = ctext / quoted-pair / comment
    private mutating func comment() -> String {
        let start = index + 1
        var depth = 0
        while index < bytes.endIndex {
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: "\\") {
                index = min(index + 1, bytes.endIndex)
            } else if byte == UInt8(ascii: "(") {
                depth += 1
            } else if byte == UInt8(ascii: ")") {
                depth -= 1
                if depth == 0 { return ReceivedBytes.collapsingWhiteSpace(bytes[start..<(index - 1)]) }
            }
        }
        warnings.append(ReceivedParseWarning(.unbalancedComment, String(decoding: bytes[(start - 1)...].prefix(64), as: UTF8.self)))
        return ReceivedBytes.collapsingWhiteSpace(bytes[min(start, bytes.endIndex)...])
    }

    /// An atom, `<angle-addr>`, `[address-literal]` or `"quoted string"`, up to white space or `(`.
    private mutating func word() -> String {
        let start = index
        let closing: UInt8? = switch bytes[index] {
        case UInt8(ascii: "<"): UInt8(ascii: ">")
        case UInt8(ascii: "["): UInt8(ascii: "]")
        case UInt8(ascii: "\""): UInt8(ascii: "\"")
        default: nil
        }
        if let closing {
            index += 1
            while index < bytes.endIndex, bytes[index] != closing {
                if bytes[index] == UInt8(ascii: "\\") { index += 1 }
                index += 1
            }
            if index < bytes.endIndex {
                index += 1
            } else {
                warnings.append(ReceivedParseWarning(.unterminatedBracket, String(decoding: bytes[start...].prefix(64), as: UTF8.self)))
                // Read it as a plain atom instead.
                index = start + 1
            }
        }
        while index < bytes.endIndex {
            let byte = bytes[index]
            if ReceivedBytes.isWhiteSpace(byte) || byte == UInt8(ascii: "(") || byte == UInt8(ascii: ";") { break }
            index += 1
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }
}
