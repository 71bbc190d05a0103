public import MailCore

extension IMAPResponseParser {
    /// Parses one response from the front of `buffer`, passing large FETCH
    /// literals on in pieces as they arrive instead of buffering them whole.
    ///
    ///     S: * 3 FETCH (UID 9 BODY[] {2000000}   -> .literalBegan, then .literalBytes ... (isLast: true)
    ///     S: )                                   -> .response(.untagged(.fetch(...)))
    ///
    /// A literal of at least `threshold` bytes (and at least
    /// ``IMAPFramer/minimumStreamedLiteral``) that is the value of an item of an
    /// untagged FETCH response is streamed: the response before it is kept
    /// aside (a line or a few), the literal's bytes are handed out as views of
    /// `buffer` and consumed, and the complete response comes last, with that
    /// item's data empty. The buffer so never holds more than one read of the
    /// literal, and streamed literals may be as large as
    /// ``IMAPParserOptions/maxStreamedLiteralSize``. Smaller literals, literals
    /// inside ENVELOPE or BODYSTRUCTURE, those beyond
    /// ``IMAPFramer/maxStreamedLiteralsPerResponse`` and literals outside FETCH
    /// responses are buffered as in ``parse(_:)``.
    ///
    /// - Parameter threshold: the smallest literal streamed; `nil` buffers every literal.
    /// - Returns: the next event, having consumed its bytes; `nil`, consuming
    ///   nothing, when more bytes are needed.
    /// - Throws: when a limit is exceeded or the bytes cannot be IMAP; the
    ///   connection should then be closed.
    public mutating func next(_ buffer: inout InputBuffer, streamingLiteralsFrom threshold: Int?) throws(IMAPParseError) -> IMAPResponseEvent? {
        if streamedRemaining > 0 {
            guard !buffer.isEmpty else { return nil }
            let view = buffer.readableBytesView
            let chunk = view.prefix(streamedRemaining)
            buffer.moveReaderIndex(forwardBy: chunk.count)
            streamedRemaining -= chunk.count
            return .literalBytes(chunk, isLast: streamedRemaining == 0)
        }
        // Nothing streams before the greeting: it is parsed as a greeting (and refused when it is
        // a FETCH) exactly as `parse(_:)` would.
        if threshold == nil || expectingGreeting, streamedPrefix == nil {
            return try parse(&buffer).map(IMAPResponseEvent.response)
        }
        while true {
            guard let frame = try framer.nextFrame(in: buffer, streamingLiteralsFrom: threshold) else { return nil }
            guard let size = frame.streamedLiteralSize else {
                guard let response = consume(frame, from: &buffer) else { continue }
                return .response(response)
            }
            // Taken out first, so that appending does not copy what is kept aside.
            let first = streamedPrefix == nil
            var prefix = streamedPrefix ?? []
            streamedPrefix = nil
            let view = buffer.readableBytesView
            prefix += view[view.startIndex..<(view.startIndex + frame.byteCount)]
            Self.emptyLastLiteral(&prefix)
            buffer.moveReaderIndex(forwardBy: frame.byteCount)
            let literal = describeLiteral(before: prefix, size: size, first: first)
            streamedPrefix = prefix
            streamedRemaining = size
            streamedUID = literal.uid
            return .literalBegan(literal)
        }
    }

    /// Consumes a complete frame: the response it holds (completing one whose literals were
    /// streamed), or `nil` for an empty line.
    mutating func consume(_ frame: IMAPFrame, from buffer: inout InputBuffer) -> IMAPResponse? {
        let view = buffer.readableBytesView
        let bytes = view[view.startIndex..<(view.startIndex + frame.byteCount)]
        defer { buffer.moveReaderIndex(forwardBy: frame.byteCount) }
        if var prefix = streamedPrefix {
            streamedPrefix = nil
            streamedUID = nil
            prefix += bytes
            return Self.parseFrame(prefix[...], options: options, greeting: false)
        }
        if bytes.allSatisfy({ $0 == .cr || $0 == .lf }) { return nil }
        defer { expectingGreeting = false }
        return Self.parseFrame(bytes, options: options, greeting: expectingGreeting)
    }

    /// Rewrites the literal header ending `prefix` (`{2000000}` CRLF) to `{0}`,
    /// so that the response parses with the streamed item's data empty.
    private static func emptyLastLiteral(_ prefix: inout [UInt8]) {
        var index = prefix.endIndex - 1
        if prefix[index] == .lf { index -= 1 }
        if prefix[index] == .cr { index -= 1 }
        // At "}"; the framer found a literal header here.
        index -= 1
        if prefix[index] == UInt8(ascii: "+") || prefix[index] == UInt8(ascii: "-") { index -= 1 }
        let digitsEnd = index + 1
        while prefix[index].isDigit { index -= 1 }
        prefix.replaceSubrange((index + 1)..<digitsEnd, with: CollectionOfOne(UInt8(ascii: "0")))
    }

    /// Which message and item a streamed literal belongs to, in time bounded by the line
    /// before it: the sequence number from the response's start, the item from the text
    /// just before the literal header, the UID from an earlier literal of the same response
    /// or from parsing a prefix of at most ``describedPrefixLimit`` bytes once.
    private func describeLiteral(before prefix: [UInt8], size: Int, first: Bool) -> IMAPStreamedLiteral {
        // "* " nz-number SP "FETCH": the framer checked that much.
        var number: UInt32 = 0
        for byte in prefix.dropFirst(2) {
            guard byte.isDigit else { break }
            let (product, overflow) = number.multipliedReportingOverflow(by: 10)
            guard !overflow else { break }
            number = product &+ UInt32(byte - UInt8(ascii: "0"))
        }
        var uid = first ? nil : streamedUID
        if first, prefix.count <= Self.describedPrefixLimit {
            var trial = prefix
            trial += [.closeParen, .cr, .lf]
            if case .untagged(.fetch(let fetch)) = Self.parseFrame(trial[...], options: options, greeting: false) {
                uid = fetch.uid
            }
        }
        return IMAPStreamedLiteral(sequenceNumber: number, uid: uid, attribute: Self.item(before: prefix, sequenceNumber: number), size: size)
    }

    /// The prefix of a response parsed to find the UID of its first streamed literal.
    static let describedPrefixLimit = 64 * 1024

    /// The FETCH item whose value the (emptied) literal ending `prefix` is: the text from the
    /// space or parenthesis before the item name (skipping spaces inside `[...]`) to `{0}`,
    /// parsed on its own.
    private static func item(before prefix: [UInt8], sequenceNumber: UInt32) -> IMAPFetchAttribute? {
        guard var open = prefix.lastIndex(of: .openBrace) else { return nil }
        if open > 0, prefix[open - 1] == UInt8(ascii: "~") { open -= 1 }  // literal8
        var start = open - 1
        guard start > 0, prefix[start] == .sp else { return nil }
        var brackets = 0
        while start > 0 {
            let byte = prefix[start - 1]
            if byte == .closeBracket {
                brackets += 1
            } else if byte == .openBracket {
                brackets -= 1
            } else if brackets == 0, byte == .sp || byte == .openParen || byte == .lf {
                break
            }
            start -= 1
        }
        let frame = Array("* \(sequenceNumber) FETCH (".utf8) + prefix[start...] + [.closeParen, .cr, .lf]
        guard case .untagged(.fetch(let fetch)) = parseFrame(frame[...]) else { return nil }
        return fetch.attributes.last
    }
}
