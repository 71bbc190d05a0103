public import MailCore

/// Incremental, bounded parser for SMTP replies.
///
///     S: 250-mail.example.test
///     S: 250 PIPELINING
///
/// ``parse(_:)`` returns `nil` and leaves the buffer untouched until a whole
/// reply has arrived, then consumes exactly that reply: pipelined replies that
/// follow stay in the buffer for the next call. Invalid input throws an
/// ``SMTPParseError`` carrying the offending bytes; no line may grow past
/// ``Options/maxLineLength``, even before its line end arrives.
///
/// Accepted beyond the strict grammar (RFC 5321 §4.2): a bare LF as a line
/// end, and a final line that is just the code (`250` CRLF) or the code and a
/// space (`250 ` CRLF, as smtp-sink ends its EHLO reply).
public struct SMTPReplyParser: Sendable {
    /// Denial-of-service limits.
    public struct Options: Sendable, Hashable {
        /// The longest line accepted, excluding its line end. RFC 5321 §4.5.3.1.5 requires 512.
        public var maxLineLength: Int
        /// The most lines accepted in one reply.
        public var maxLines: Int

        public init(maxLineLength: Int = 4096, maxLines: Int = 512) {
            precondition(maxLineLength >= 3 && maxLines >= 1, "limits too small for any SMTP reply")
            self.maxLineLength = maxLineLength
            self.maxLines = maxLines
        }
    }

    public var options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    // Reply-line = *( Reply-code "-" [ textstring ] CRLF )
    //              Reply-code [ SP textstring ] CRLF
    // Reply-code = %x32-35 %x30-35 %x30-39
    // textstring = 1*(%d09 / %d32-126)
    /// Parses one reply from the front of `buffer`.
    ///
    /// - Returns: the reply, having consumed its bytes; or `nil`, consuming
    ///   nothing, when the reply is not complete yet.
    public func parse(_ buffer: inout InputBuffer) throws(SMTPParseError) -> SMTPReply? {
        let view = buffer.readableBytesView
        var lineStart = view.startIndex
        var code: Int?
        var texts: [ArraySlice<UInt8>] = []
        while true {
            guard let (contentEnd, nextLineStart) = try self.lineEnd(in: view, from: lineStart) else {
                // Incomplete: reject obvious garbage now rather than at the line end.
                try Self.validatePartialLine(view[lineStart...], code: code)
                return nil
            }
            guard let line = Self.parseLine(view[lineStart..<contentEnd]) else {
                throw SMTPParseError(kind: Self.lineError(view[lineStart..<contentEnd]), bytes: view[lineStart..<nextLineStart])
            }
            let (lineCode, isFinal) = (line.code, line.isFinal)
            texts.append(line.text)
            if let code, code != lineCode {
                throw SMTPParseError(kind: .replyCodeChanged, bytes: view[lineStart..<nextLineStart])
            }
            code = lineCode
            if isFinal {
                buffer.moveReaderIndex(to: nextLineStart)
                return Self.makeReply(code: lineCode, texts: texts)
            }
            if texts.count >= options.maxLines {
                throw SMTPParseError(kind: .tooManyLines, bytes: view[lineStart..<nextLineStart])
            }
            lineStart = nextLineStart
        }
    }

    /// Finds the end of the line starting at `start`: the index where its content
    /// ends (before CRLF or LF) and the index where the next line starts.
    private func lineEnd(
        in view: ArraySlice<UInt8>,
        from start: Int
    ) throws(SMTPParseError) -> (contentEnd: Int, next: Int)? {
        let maxLineLength = options.maxLineLength
        // Never look further than the longest valid line plus CRLF.
        let searchEnd = min(view.endIndex, start + maxLineLength + 2)
        if let lf = view[start..<searchEnd].firstIndex(of: .lf) {
            let contentEnd = lf > start && view[lf - 1] == .cr ? lf - 1 : lf
            guard contentEnd - start <= maxLineLength else {
                throw SMTPParseError(kind: .lineTooLong, bytes: view[start...])
            }
            return (contentEnd, lf + 1)
        }
        let pending = view.endIndex - start
        if pending > maxLineLength + 1 || (pending == maxLineLength + 1 && view[view.endIndex - 1] != .cr) {
            throw SMTPParseError(kind: .lineTooLong, bytes: view[start...])
        }
        return nil
    }

    private struct Line {
        var code: Int
        var isFinal: Bool
        var text: ArraySlice<UInt8>
    }

    /// Parses one line without its line end; `nil` when it is invalid (see ``lineError(_:)``).
    private static func parseLine(_ line: ArraySlice<UInt8>) -> Line? {
        let start = line.startIndex
        guard line.count >= 3, codeError(line.prefix(3)) == nil else { return nil }
        let code = line.prefix(3).reduce(0) { $0 * 10 + $1.asciiDigitValue! }
        guard line.count > 3 else { return Line(code: code, isFinal: true, text: line[line.endIndex...]) }
        let isFinal: Bool
        switch line[start + 3] {
        case UInt8(ascii: " "): isFinal = true
        case UInt8(ascii: "-"): isFinal = false
        default: return nil
        }
        let text = line[(start + 4)...]
        if text.contains(where: \.isForbiddenControl) { return nil }
        return Line(code: code, isFinal: isFinal, text: text)
    }

    /// Why ``parseLine(_:)`` rejected `line`.
    private static func lineError(_ line: ArraySlice<UInt8>) -> SMTPParseError.Kind {
        guard line.count >= 3 else { return codeError(line) ?? .invalidReplyCode }
        if let kind = codeError(line.prefix(3)) { return kind }
        if line.count > 3, line[line.startIndex + 3] != UInt8(ascii: " "), line[line.startIndex + 3] != UInt8(ascii: "-") {
            return .invalidSeparator
        }
        return .controlCharacter
    }

    /// Checks the first (up to three) bytes of a reply code.
    private static func codeError(_ digits: ArraySlice<UInt8>) -> SMTPParseError.Kind? {
        for (offset, byte) in digits.enumerated() {
            guard let value = byte.asciiDigitValue else { return .invalidReplyCode }
            if offset == 0 {
                if value == 1 { return .positivePreliminaryCode }
                if !(2...5).contains(value) { return .invalidReplyCode }
            }
        }
        return nil
    }

    /// Rejects an incomplete line that can no longer become valid.
    private static func validatePartialLine(_ partial: ArraySlice<UInt8>, code: Int?) throws(SMTPParseError) {
        func fail(_ kind: SMTPParseError.Kind) -> SMTPParseError {
            SMTPParseError(kind: kind, bytes: partial)
        }
        if let kind = codeError(partial.prefix(3)) { throw fail(kind) }
        guard partial.count > 3 else { return }
        let start = partial.startIndex
        let separator = partial[start + 3]
        guard separator == UInt8(ascii: " ") || separator == UInt8(ascii: "-") || separator == .cr else {
            throw fail(.invalidSeparator)
        }
        if let code, partial.prefix(3).reduce(0, { $0 * 10 + $1.asciiDigitValue! }) != code {
            throw fail(.replyCodeChanged)
        }
        // A trailing CR may be the first half of CRLF.
        let body = partial[(start + 3)...].dropLast(partial.last == .cr ? 1 : 0).dropFirst()
        if body.contains(where: \.isForbiddenControl) || (separator == .cr && partial.count > 4) {
            throw fail(.controlCharacter)
        }
    }

    private static func makeReply(code: Int, texts: [ArraySlice<UInt8>]) -> SMTPReply {
        // RFC 2034 §4: every line carries the enhanced status; its class matches the code.
        var status: SMTPEnhancedStatus?
        if let first = texts.first, let (parsed, _) = SMTPEnhancedStatus.parse(first),
           parsed.statusClass == code / 100 {
            status = parsed
        }
        let lines = texts.map { text -> String in
            var text = text
            if let status, let (parsed, length) = SMTPEnhancedStatus.parse(text), parsed == status {
                text = text.dropFirst(length)
                if text.first == UInt8(ascii: " ") { text = text.dropFirst() }
            }
            return String(decoding: text, as: UTF8.self)
        }
        return SMTPReply(code: code, enhancedStatus: status, lines: lines)
    }
}

extension UInt8 {
    static let cr = UInt8(ascii: "\r")
    static let lf = UInt8(ascii: "\n")

    /// Control bytes other than TAB, and DEL.
    var isForbiddenControl: Bool {
        (self < 0x20 && self != UInt8(ascii: "\t")) || self == 0x7F
    }
}
