/// Reads the grammar's primitives from one complete, framed response.
///
/// The frame is whole, so running out of bytes is a syntax error, never
/// "incomplete". Positions are indices of the caller's storage.
struct IMAPParserCursor {
    /// The whole response, including its final line end.
    let frame: ArraySlice<UInt8>
    /// The index after the last content byte (before the final CRLF / LF).
    let end: Int
    var index: Int
    var depth = 0
    let maxDepth: Int

    init(frame: ArraySlice<UInt8>, maxDepth: Int) {
        self.frame = frame
        var end = frame.endIndex
        if end > frame.startIndex, frame[end - 1] == .lf { end -= 1 }
        if end > frame.startIndex, frame[end - 1] == .cr { end -= 1 }
        self.end = end
        self.index = frame.startIndex
        self.maxDepth = maxDepth
    }

    // MARK: - Errors and peeking

    func error(_ detail: String, kind: IMAPParseError.Kind = .syntax) -> IMAPParseError {
        IMAPParseError(kind: kind, detail: detail, offset: index - frame.startIndex, bytes: frame)
    }

    var isAtEnd: Bool { index >= end }

    var peek: UInt8? { index < end ? frame[index] : nil }

    func peek(at offset: Int) -> UInt8? { index + offset < end ? frame[index + offset] : nil }

    /// The rest of the line, up to the final line end.
    var rest: ArraySlice<UInt8> { frame[min(index, end)..<end] }

    mutating func expect(_ byte: UInt8, _ what: @autoclosure () -> String) throws(IMAPParseError) {
        guard peek == byte else { throw error("expected \(what())") }
        index += 1
    }

    /// Consumes `byte` if it is next.
    mutating func skip(_ byte: UInt8) -> Bool {
        guard peek == byte else { return false }
        index += 1
        return true
    }

    // SP; tolerant: one or more.
    mutating func expectSpace() throws(IMAPParseError) {
        guard peek == .sp else { throw error("expected SP") }
        skipSpaces()
    }

    mutating func skipSpaces() {
        while peek == .sp { index += 1 }
    }

    mutating func expectEnd() throws(IMAPParseError) {
        skipSpaces()
        guard isAtEnd else { throw error("expected the end of the line") }
    }

    /// Consumes `keyword` (ASCII, upper case) case-insensitively when it is next
    /// and not followed by another atom character.
    mutating func skipKeyword(_ keyword: StaticString) -> Bool {
        let count = keyword.utf8CodeUnitCount
        guard end - index >= count else { return false }
        let bytes = keyword.utf8Start  // keywords are ASCII literals: always a pointer
        for offset in 0..<count where frame[index + offset].uppercased != bytes[offset] { return false }
        if let next = peek(at: count), next.isAtomChar { return false }
        index += count
        return true
    }

    /// Runs `body` one nesting level deeper.
    mutating func nested<T>(_ body: (inout IMAPParserCursor) throws(IMAPParseError) -> T) throws(IMAPParseError) -> T {
        depth += 1
        guard depth <= maxDepth else { throw error("more than \(maxDepth) nested lists", kind: .nestingTooDeep) }
        defer { depth -= 1 }
        return try body(&self)
    }

    // MARK: - Atoms and numbers

    // atom = 1*ATOM-CHAR
    mutating func atomBytes(allowing extra: (UInt8) -> Bool = { _ in false }) throws(IMAPParseError) -> ArraySlice<UInt8> {
        let start = index
        while let byte = peek, byte.isAtomChar || extra(byte) { index += 1 }
        guard index > start else { throw error("expected an atom") }
        return frame[start..<index]
    }

    mutating func atom() throws(IMAPParseError) -> String {
        String(imapBytes: try atomBytes())
    }

    /// An atom, upper-cased, for keyword dispatch.
    mutating func keyword() throws(IMAPParseError) -> String {
        Self.uppercasedText(try atomBytes())
    }

    /// `bytes` as a String, ASCII letters upper-cased; no copy when already upper case.
    static func uppercasedText(_ bytes: ArraySlice<UInt8>) -> String {
        if !bytes.contains(where: { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }) {
            return String(decoding: bytes, as: UTF8.self)
        }
        return String(decoding: bytes.map(\.uppercased), as: UTF8.self)
    }

    // number = 1*DIGIT   ; unsigned 32-bit
    mutating func number() throws(IMAPParseError) -> UInt32 {
        let value = try number64()
        guard value <= UInt64(UInt32.max) else { throw error("expected a 32-bit number") }
        return UInt32(value)
    }

    // number64 = 1*DIGIT  ; unsigned 63-bit
    mutating func number64() throws(IMAPParseError) -> UInt64 {
        let start = index
        var value: UInt64 = 0
        while let byte = peek, byte.isDigit {
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { throw error("number too large") }
            value = sum
            index += 1
        }
        guard index > start else { throw error("expected a number") }
        return value
    }

    // nz-number = digit-nz *DIGIT
    mutating func nonZeroNumber() throws(IMAPParseError) -> UInt32 {
        let value = try number()
        guard value > 0 else { throw error("expected a non-zero number") }
        return value
    }

    // MARK: - Strings

    // string = quoted / literal
    mutating func string() throws(IMAPParseError) -> [UInt8] {
        switch peek {
        case .quote: return try quoted()
        case .openBrace, UInt8(ascii: "~"): return try literal()
        default: throw error("expected a quoted string or a literal")
        }
    }

    // quoted = DQUOTE *QUOTED-CHAR DQUOTE
    // QUOTED-CHAR = <any TEXT-CHAR except quoted-specials> / "\" quoted-specials / UTF8-2 / UTF8-3 / UTF8-4
    mutating func quoted() throws(IMAPParseError) -> [UInt8] {
        if let content = unescapedQuoted() { return Array(content) }
        try expect(.quote, "a quoted string")
        var result: [UInt8] = []
        while true {
            guard let byte = peek else { throw error("unterminated quoted string") }
            index += 1
            switch byte {
            case .quote:
                return result
            case .backslash:
                guard let escaped = peek else { throw error("unterminated quoted string") }
                // Lenient: a backslash before anything else stands for itself.
                if escaped == .quote || escaped == .backslash {
                    index += 1
                    result.append(escaped)
                } else {
                    result.append(byte)
                }
            case .cr, .lf:
                throw error("line end inside a quoted string")
            default:
                result.append(byte)
            }
        }
    }

    /// The content of the quoted string at the cursor when it has no backslash
    /// (the common case), consumed, without copying; `nil`, consuming nothing,
    /// for anything else (``quoted()`` then takes the slow path, errors included).
    mutating func unescapedQuoted() -> ArraySlice<UInt8>? {
        guard peek == .quote else { return nil }
        let (start, end) = (index + 1, self.end)
        let close = frame.withUnsafeBufferPointer { (bytes: UnsafeBufferPointer<UInt8>) -> Int? in
            let base = frame.startIndex
            var scan = start - base
            let raw = UnsafeRawBufferPointer(bytes)
            while scan < end - base {
                if scan + 8 <= end - base {
                    let word = raw.loadUnaligned(fromByteOffset: scan, as: UInt64.self)
                    if !word.containsByte(.quote), !word.containsByte(.backslash), !word.containsByte(.cr), !word.containsByte(.lf) {
                        scan += 8
                        continue
                    }
                }
                switch bytes[scan] {
                case .quote: return scan + base
                case .backslash, .cr, .lf: return nil
                default: scan += 1
                }
            }
            return nil
        }
        guard let close else { return nil }
        index = close + 1
        return frame[start..<close]
    }

    // literal  = "{" number64 ["+"] "}" CRLF *CHAR8
    // literal8 = "~{" number64 "}" CRLF *OCTET
    mutating func literal() throws(IMAPParseError) -> [UInt8] {
        _ = skip(UInt8(ascii: "~"))
        try expect(.openBrace, "a literal")
        let size = try number64()
        if !skip(UInt8(ascii: "+")) { _ = skip(UInt8(ascii: "-")) }
        try expect(.closeBrace, "\"}\" closing the literal header")
        _ = skip(.cr)
        // The line end of the header is not part of `end`'s content range; read the frame directly.
        guard index < frame.endIndex, frame[index] == .lf else { throw error("expected CRLF after the literal header") }
        index += 1
        guard size <= UInt64(frame.endIndex - index) else { throw error("literal longer than the response") }
        let start = index
        index += Int(size)
        return Array(frame[start..<index])
    }

    // nstring = string / nil
    mutating func nstring() throws(IMAPParseError) -> [UInt8]? {
        if skipKeyword("NIL") { return nil }
        return try string()
    }

    mutating func nstringText() throws(IMAPParseError) -> String? {
        if skipKeyword("NIL") { return nil }
        return try stringText()
    }

    mutating func stringText() throws(IMAPParseError) -> String {
        // Straight from the frame when there is nothing to unescape.
        if let content = unescapedQuoted() { return String(imapBytes: content) }
        return String(imapBytes: try string())
    }

    // astring = 1*ASTRING-CHAR / string
    mutating func astring() throws(IMAPParseError) -> [UInt8] {
        switch peek {
        case .quote, .openBrace, UInt8(ascii: "~"): return try string()
        default:
            let start = index
            while let byte = peek, byte.isAStringChar { index += 1 }
            guard index > start else { throw error("expected an atom or a string") }
            return Array(frame[start..<index])
        }
    }

    // MARK: - Lists

    /// `"(" [element *(SP element)] ")"`; tolerant of extra spaces.
    mutating func list<T>(_ element: (inout IMAPParserCursor) throws(IMAPParseError) -> T) throws(IMAPParseError) -> [T] {
        try expect(.openParen, "\"(\"")
        return try nested { (cursor: inout IMAPParserCursor) throws(IMAPParseError) -> [T] in
            var result: [T] = []
            cursor.skipSpaces()
            while !cursor.skip(.closeParen) {
                guard !cursor.isAtEnd else { throw cursor.error("expected \")\"") }
                result.append(try element(&cursor))
                if cursor.peek != .closeParen { try cursor.expectSpace() }
            }
            return result
        }
    }

    /// `NIL` as an empty list, or a list.
    mutating func nilOrList<T>(_ element: (inout IMAPParserCursor) throws(IMAPParseError) -> T) throws(IMAPParseError) -> [T] {
        if skipKeyword("NIL") { return [] }
        return try list(element)
    }

    // MARK: - Skipping unknown values

    // body-extension = nstring / number / "(" body-extension *(SP body-extension) ")"
    /// Skips one value: an atom or number (with any `[...]` / `<...>` suffix), a
    /// string, or a list of values, and returns its bytes.
    @discardableResult
    mutating func skipValue() throws(IMAPParseError) -> ArraySlice<UInt8> {
        let start = index
        switch peek {
        case .quote:
            _ = try quoted()
        case .openBrace, UInt8(ascii: "~"):
            _ = try literal()
        case .openParen:
            _ = try list { (cursor: inout IMAPParserCursor) throws(IMAPParseError) -> Void in try cursor.skipValue() }
        case .backslash:
            index += 1
            _ = try atomBytes()
        default:
            _ = try atomBytes()
            if peek == .openBracket || peek == .closeBracket {
                // `BODY[...]`-like names: skip to the closing bracket.
                while let byte = peek, byte != .closeBracket { index += 1 }
                try expect(.closeBracket, "\"]\"")
            }
        }
        return frame[start..<index]
    }
}
