/// Builds the bytes of one command, choosing how each argument travels.
///
/// Atoms when safe, quoted strings when possible, literals otherwise. A
/// synchronising literal ends a segment: the client must wait for `+` before
/// sending the next one (RFC 9051 §4.3, §7.6). With LITERAL+ every literal is
/// non-synchronising (`{n+}`); with LITERAL- only those up to 4096 bytes
/// (RFC 7888). A redacted description is built alongside.
struct IMAPCommandWriter {
    let options: IMAPCommandEncoder.Options
    private(set) var segments: [[UInt8]] = []
    private(set) var current: [UInt8] = []
    private(set) var redacted = ""

    init(options: IMAPCommandEncoder.Options) {
        self.options = options
    }

    /// Trusted ASCII: command names, SP, parentheses, numbers.
    mutating func raw(_ text: String) {
        current += text.utf8
        redacted += text
    }

    mutating func space() { raw(" ") }

    // atom = 1*ATOM-CHAR
    /// An atom (or flag, with `allowBackslash`); refuses anything else.
    mutating func atom(_ text: String, argument: String, allowBackslash: Bool = false, extra: Set<UInt8> = []) throws(IMAPCommandEncodingError) {
        var bytes = Array(text.utf8)[...]
        if allowBackslash, bytes.first == .backslash { bytes = bytes.dropFirst() }
        guard !bytes.isEmpty, bytes.allSatisfy({ $0 < 0x80 && ($0.isAtomChar || extra.contains($0)) }) else {
            throw IMAPCommandEncodingError(kind: .invalidAtom, argument: argument)
        }
        raw(text)
    }

    // astring = 1*ASTRING-CHAR / string
    /// An atom when every byte allows it (and it is not `NIL`), else a string.
    mutating func astring(_ bytes: [UInt8], argument: String, secret: Bool = false, extra: Set<UInt8> = []) throws(IMAPCommandEncodingError) {
        let isNIL = bytes.count == 3 && bytes.map(\.uppercased) == Array("NIL".utf8)
        if !bytes.isEmpty, !isNIL, bytes.allSatisfy({ $0 < 0x80 && ($0.isAStringChar || extra.contains($0)) }) {
            current += bytes
            redacted += secret ? "****" : String(imapBytes: bytes)
        } else {
            try string(bytes, argument: argument, secret: secret)
        }
    }

    // string = quoted / literal
    mutating func string(_ bytes: [UInt8], argument: String, secret: Bool = false) throws(IMAPCommandEncodingError) {
        guard !bytes.contains(0) else { throw IMAPCommandEncodingError(kind: .nulByte, argument: argument) }
        if bytes.count <= options.maxQuotedLength, bytes.allSatisfy({ $0 < 0x80 && $0 != .cr && $0 != .lf }) {
            var quoted: [UInt8] = [.quote]
            for byte in bytes {
                if byte == .quote || byte == .backslash { quoted.append(.backslash) }
                quoted.append(byte)
            }
            quoted.append(.quote)
            current += quoted
            redacted += secret ? "****" : String(imapBytes: quoted)
        } else {
            literal(bytes, secret: secret)
        }
    }

    // literal = "{" number64 ["+"] "}" CRLF *CHAR8
    mutating func literal(_ bytes: [UInt8], secret: Bool = false) {
        let nonSynchronising = switch options.literalMode {
        case .literalPlus: true
        case .literalMinus: bytes.count <= 4096
        case .synchronizing: false
        }
        current += Array("{\(bytes.count)\(nonSynchronising ? "+" : "")}\r\n".utf8)
        if !nonSynchronising {
            segments.append(current)
            current = []
        }
        current += bytes
        redacted += secret ? "****" : "{\(bytes.count) bytes}"
    }

    /// Ends the command with CRLF and returns its segments.
    mutating func finish() -> [[UInt8]] {
        current += [.cr, .lf]
        segments.append(current)
        current = []
        return segments
    }

    /// Starts a new segment sent only after a continuation (SASL without SASL-IR).
    mutating func awaitContinuation() {
        current += [.cr, .lf]
        segments.append(current)
        current = []
        redacted += " / "
    }
}

extension IMAPCommandWriter {
    /// Trusted ASCII that must not appear in traces (base64 SASL responses).
    mutating func secret(_ text: String) {
        current += text.utf8
        redacted += text.isEmpty ? "" : "****"
    }
}
