public import MailCore

/// One complete response at the front of an ``InputBuffer``: its lines and literals.
///
///     S: * 1 FETCH (BODY[HEADER] {12}
///     S: Subject: x
///     S: )
///
/// is one frame of 47 bytes holding one literal.
///
/// When literals are streamed (``IMAPFramer/nextFrame(in:streamingLiteralsFrom:)``),
/// a frame can also end at the header of a large FETCH literal: then
/// ``streamedLiteralSize`` is set, ``byteCount`` ends after the header's line
/// end, and the literal's bytes follow in the buffer, to be passed on by the
/// caller rather than framed.
public struct IMAPFrame: Hashable, Sendable {
    /// The number of bytes of the response, from the reader index, including the final line end.
    public var byteCount: Int
    /// The number of literals inside the response so far.
    public var literalCount: Int
    /// The size of the literal that follows the frame, when the frame stops
    /// before a literal to be streamed; `nil` for a complete response.
    public var streamedLiteralSize: Int?

    public init(byteCount: Int, literalCount: Int, streamedLiteralSize: Int? = nil) {
        self.byteCount = byteCount
        self.literalCount = literalCount
        self.streamedLiteralSize = streamedLiteralSize
    }
}

/// Finds where complete IMAP responses end, before anything parses them.
///
/// A response is a line ending in CRLF (a bare LF is tolerated) unless the
/// line ends in a literal header (`{n}`, `{n+}`, `{n-}`, `~{n}`), in which case
/// the `n` bytes that follow belong to it and the response continues after
/// them (RFC 9051 §4.3). A quoted string cannot hide a literal header:
/// `"{5}"` is text.
///
/// ``nextFrame(in:)`` returns `nil` while the response is incomplete and
/// remembers how far it scanned, so bytes arriving in small pieces (or a big
/// literal arriving slowly) are each looked at once. The buffer must only grow
/// between calls; call ``reset()`` after consuming or clearing it by other
/// means.
///
/// With a streaming threshold, a literal of at least that many bytes inside
/// an untagged FETCH response ends the frame at its header (see
/// ``IMAPFrame/streamedLiteralSize``) instead of being buffered whole: the
/// caller consumes the frame and the literal's bytes, and the next call frames
/// the rest of the same response. Streamed literals may be as large as
/// ``IMAPParserOptions/maxStreamedLiteralSize`` and do not count towards
/// ``IMAPParserOptions/maxResponseSize``.
public struct IMAPFramer: Sendable {
    public var options: IMAPParserOptions

    /// Bytes of the current response already scanned.
    private var scanned = 0
    /// Offset where the current line (after the last literal) starts.
    private var lineStart = 0
    private var inQuoted = false
    private var quotedEscape = false
    private var literalRemaining = 0
    private var literalCount = 0
    /// The first byte scanned, to notice a buffer that was consumed behind our back.
    private var firstByte: UInt8?
    /// Whether the buffer starts in the middle of a response, after a streamed literal.
    private var continuing = false
    /// Bytes of the current response before the buffer's reader index (consumed with streamed frames).
    private var consumedBefore = 0
    /// Whether the current response is an untagged FETCH; computed when first needed.
    private var isFetch: Bool?
    /// While streaming: the parenthesis depth at the end of the last line scanned
    /// (outside quoted strings and literals). 1 is inside the msg-att list, where
    /// a literal is the value of a FETCH item; deeper ones are inside ENVELOPE or
    /// BODYSTRUCTURE and are buffered.
    private var depth = 0
    /// Literals streamed in this response so far.
    private var streamedCount = 0
    /// The streaming threshold in effect when the response began: it holds for the whole response.
    private var responseThreshold: Int?

    public init(options: IMAPParserOptions = IMAPParserOptions()) {
        self.options = options
    }

    /// Forgets the partial scan.
    public mutating func reset() {
        self = IMAPFramer(options: options)
    }

    // response = *(continue-req / response-data) response-done
    // literal  = "{" number64 ["+"] "}" CRLF *CHAR8     ; RFC 9051 §9, RFC 7888
    // literal8 = "~{" number64 "}" CRLF *OCTET           ; RFC 3516
    /// Finds the first complete response in `buffer`.
    ///
    /// - Parameter threshold: when set, a literal of at least this many bytes (and at least
    ///   ``minimumStreamedLiteral``) that is the value of an item of an untagged FETCH response
    ///   ends the frame at its header. The threshold in effect when a response begins holds
    ///   for all of it.
    /// - Returns: the frame, without consuming it; `nil` when the response is not complete yet.
    /// - Throws: when a limit is exceeded or the bytes cannot be IMAP at all.
    public mutating func nextFrame(in buffer: InputBuffer, streamingLiteralsFrom threshold: Int? = nil) throws(IMAPParseError) -> IMAPFrame? {
        let view = buffer.readableBytesView
        let base = view.startIndex
        if scanned > view.count || (scanned > 0 && view.first != firstByte) {
            reset()
        }
        guard let first = view.first else { return nil }
        if scanned == 0 {
            firstByte = first
            if !continuing { responseThreshold = threshold }
            guard continuing || Self.canStartResponse(first) else {
                throw IMAPParseError(kind: .invalidResponseStart, detail: "a response starts with \"*\", \"+\" or a tag", offset: 0, bytes: view)
            }
        }
        while true {
            if literalRemaining > 0 {
                let available = view.count - scanned
                let skip = min(available, literalRemaining)
                scanned += skip
                literalRemaining -= skip
                guard literalRemaining == 0 else { return nil }
                lineStart = scanned
            }
            let end = view.endIndex
            // Never look further than the longest valid line plus CRLF.
            let limit = min(end, base + lineStart + options.maxLineLength + 2)
            let index = base + scanLine(view, from: scanned, to: limit - base)
            if index < limit, view[index] == 0 {
                throw IMAPParseError(kind: .nulByte, detail: "NUL outside a literal", offset: index - base, bytes: view[(base + lineStart)...])
            }
            if index == limit {
                let pending = index - (base + lineStart)
                if limit < end || pending > options.maxLineLength + 1
                    || (pending == options.maxLineLength + 1 && view[index - 1] != UInt8(ascii: "\r")) {
                    throw IMAPParseError(kind: .lineTooLong, detail: "longer than \(options.maxLineLength) bytes", bytes: view[(base + lineStart)...])
                }
                scanned = index - base
                return nil
            }
            // `index` is at LF.
            let contentEnd = index > base + lineStart && view[index - 1] == UInt8(ascii: "\r") ? index - 1 : index
            guard contentEnd - (base + lineStart) <= options.maxLineLength else {
                throw IMAPParseError(kind: .lineTooLong, detail: "longer than \(options.maxLineLength) bytes", bytes: view[(base + lineStart)...])
            }
            let wasQuoted = inQuoted
            inQuoted = false
            quotedEscape = false
            scanned = index + 1 - base
            if consumedBefore + scanned > options.maxResponseSize {
                throw IMAPParseError(kind: .responseTooLarge, detail: "larger than \(options.maxResponseSize) bytes", bytes: view)
            }
            // A literal may be streamed when it is the value of an item of a FETCH response.
            let line = view[(base + lineStart)..<contentEnd]
            var streamingFrom: Int?
            if let threshold = responseThreshold, fetchResponse(view) {
                depth = Self.depth(after: line, from: depth)
                if depth == 1 && streamedCount < Self.maxStreamedLiteralsPerResponse {
                    streamingFrom = max(threshold, Self.minimumStreamedLiteral)
                }
            }
            let largest = streamingFrom == nil ? options.maxLiteralSize : max(options.maxLiteralSize, options.maxStreamedLiteralSize)
            if !wasQuoted, let size = try literalSize(line, response: view, limit: largest) {
                if let streamingFrom, size >= streamingFrom {
                    // Streamed literals have their own limit, which may be below the buffered one.
                    guard size <= options.maxStreamedLiteralSize else {
                        throw IMAPParseError(kind: .literalTooLarge,
                                             detail: "literal of \(size) bytes exceeds the limit of \(options.maxStreamedLiteralSize)",
                                             offset: lineStart, bytes: view)
                    }
                    return streamedFrame(literalSize: size)
                }
                if size > options.maxLiteralSize {
                    throw IMAPParseError(kind: .literalTooLarge, detail: "literal of \(size) bytes exceeds the limit of \(options.maxLiteralSize)",
                                         offset: lineStart, bytes: view)
                }
                literalRemaining = size
                literalCount += 1
                lineStart = scanned
                if size == 0 { continue }
                if consumedBefore + scanned + size > options.maxResponseSize {
                    throw IMAPParseError(kind: .responseTooLarge, detail: "a literal of \(size) bytes makes the response larger than \(options.maxResponseSize) bytes", bytes: view)
                }
                continue
            }
            let frame = IMAPFrame(byteCount: scanned, literalCount: literalCount)
            reset()
            return frame
        }
    }

    /// Ends the frame at the header of a literal to be streamed, and gets ready
    /// to frame the rest of the response once the caller consumed the frame and the literal.
    private mutating func streamedFrame(literalSize size: Int) -> IMAPFrame {
        let frame = IMAPFrame(byteCount: scanned, literalCount: literalCount + 1, streamedLiteralSize: size)
        let (consumed, depth, streamed, threshold) = (consumedBefore + scanned, depth, streamedCount + 1, responseThreshold)
        self = IMAPFramer(options: options)
        continuing = true
        responseThreshold = threshold
        consumedBefore = consumed
        literalCount = frame.literalCount
        isFetch = true
        self.depth = depth
        streamedCount = streamed
        return frame
    }

    /// The smallest literal streamed, whatever the threshold: smaller ones cost less buffered than described.
    public static let minimumStreamedLiteral = 1024
    /// Beyond this many streamed literals in one response the rest are buffered (and limited) as usual,
    /// so that a hostile response cannot make the parser describe literals without end.
    public static let maxStreamedLiteralsPerResponse = 64

    /// The parenthesis depth after `line`, starting at `depth`; quoted strings are skipped
    /// (a line holds whole quoted strings: they cannot contain CR or LF).
    static func depth(after line: ArraySlice<UInt8>, from depth: Int) -> Int {
        var depth = depth
        _ = walkQuotes(line) { byte in
            if byte == UInt8(ascii: "(") {
                depth += 1
            } else if byte == UInt8(ascii: ")") {
                depth -= 1
            }
        }
        return depth
    }

    /// Whether `line` ends inside a quoted string, where `{n}` is text and not a literal header
    /// (what the framer decides at each line end; a trace summarising literals asks the same).
    public static func endsInQuotedString(_ line: some Sequence<UInt8>) -> Bool {
        walkQuotes(line) { _ in }
    }

    /// Walks `line` keeping track of quoted strings and their escapes, calling `outside` for
    /// every byte not inside one; returns whether the line ends inside one.
    private static func walkQuotes(_ line: some Sequence<UInt8>, outside: (UInt8) -> Void) -> Bool {
        var quoted = false
        var escaped = false
        for byte in line {
            if quoted {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    quoted = false
                }
            } else if byte == UInt8(ascii: "\"") {
                quoted = true
            } else {
                outside(byte)
            }
        }
        return quoted
    }

    // message-data = nz-number SP "FETCH" SP msg-att
    /// Whether the response starting at `view` is `* n FETCH ...` (remembered for the response).
    private mutating func fetchResponse(_ view: ArraySlice<UInt8>) -> Bool {
        if let isFetch { return isFetch }
        var index = view.startIndex
        func next() -> UInt8? {
            guard index < view.endIndex else { return nil }
            defer { index += 1 }
            return view[index]
        }
        var result = next() == UInt8(ascii: "*") && next() == .sp
        var digits = 0
        while result, index < view.endIndex, view[index].isDigit {
            index += 1
            digits += 1
        }
        result = result && digits > 0 && next() == .sp
        for letter in "FETCH".utf8 where result {
            result = next().map { $0 & 0xDF } == letter
        }
        result = result && next() == .sp
        isFetch = result
        return result
    }

    /// The offset (from `view.startIndex`) of the first LF or NUL in `start..<limit`,
    /// or `limit`; keeps track of quoted strings on the way.
    private mutating func scanLine(_ view: ArraySlice<UInt8>, from start: Int, to limit: Int) -> Int {
        view.withUnsafeBufferPointer { (bytes: UnsafeBufferPointer<UInt8>) -> Int in
            var offset = start
            var inQuoted = self.inQuoted
            var quotedEscape = self.quotedEscape
            defer {
                self.inQuoted = inQuoted
                self.quotedEscape = quotedEscape
            }
            let raw = UnsafeRawBufferPointer(bytes)
            while offset < limit {
                // Eight bytes at a time while none of them can change the state.
                if offset + 8 <= limit, !quotedEscape {
                    let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                    if !word.containsByte(UInt8(ascii: "\n")), !word.containsByte(0), !word.containsByte(UInt8(ascii: "\"")),
                       !(inQuoted && word.containsByte(UInt8(ascii: "\\"))) {
                        offset += 8
                        continue
                    }
                }
                let byte = bytes[offset]
                if byte == UInt8(ascii: "\n") || byte == 0 {
                    return offset
                } else if inQuoted {
                    if quotedEscape {
                        quotedEscape = false
                    } else if byte == UInt8(ascii: "\\") {
                        quotedEscape = true
                    } else if byte == UInt8(ascii: "\"") {
                        inQuoted = false
                    }
                } else if byte == UInt8(ascii: "\"") {
                    inQuoted = true
                }
                offset += 1
            }
            return limit
        }
    }

    /// The size announced by a literal header at the end of `line`, if there is one.
    private func literalSize(_ line: ArraySlice<UInt8>, response: ArraySlice<UInt8>, limit: Int) throws(IMAPParseError) -> Int? {
        guard line.last == UInt8(ascii: "}") else { return nil }
        var index = line.endIndex - 2
        guard index >= line.startIndex else { return nil }
        if line[index] == UInt8(ascii: "+") || line[index] == UInt8(ascii: "-") { index -= 1 }
        let digitsEnd = index + 1
        while index >= line.startIndex, line[index] >= UInt8(ascii: "0"), line[index] <= UInt8(ascii: "9") {
            index -= 1
        }
        guard index >= line.startIndex, line[index] == UInt8(ascii: "{"), index + 1 < digitsEnd else { return nil }
        let digits = line[(index + 1)..<digitsEnd]
        var value = 0
        for digit in digits {
            let (product, overflowed) = value.multipliedReportingOverflow(by: 10)
            let (sum, carried) = product.addingReportingOverflow(Int(digit - UInt8(ascii: "0")))
            value = overflowed || carried ? Int.max : sum
            if value > limit || overflowed || carried {
                throw IMAPParseError(
                    kind: .literalTooLarge,
                    detail: "literal of \(String(decoding: digits, as: UTF8.self)) bytes exceeds the limit of \(limit)",
                    offset: index - response.startIndex, bytes: response)
            }
        }
        return value
    }

    /// `*`, `+`, a tag character, or a line end (an empty line, skipped by the parser).
    static func canStartResponse(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "*") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n")
            || byte.isAStringChar
    }
}

extension UInt64 {
    /// Whether any of the eight bytes is `byte` (the "has zero byte" bit trick).
    @inline(__always)
    func containsByte(_ byte: UInt8) -> Bool {
        let x = self ^ (0x0101_0101_0101_0101 &* UInt64(byte))
        return (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080 != 0
    }
}
