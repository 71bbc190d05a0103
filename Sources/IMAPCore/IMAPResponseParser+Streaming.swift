public import MailCore

extension IMAPResponseParser {
    /// Parses one response from the front of `buffer`, passing large FETCH
    /// literals on in pieces as they arrive instead of buffering them whole.
    ///
    ///     S: * 3 FETCH (UID 9 BODY[] {2000000}   -> .literalBegan, then .literalBytes ... (isLast: true)
    ///     S: )                                   -> .response(.untagged(.fetch(...)))
    ///
    /// A literal of at least `threshold` bytes inside an untagged FETCH
    /// response is streamed: the response before it is kept aside (a line or
    /// a few), the literal's bytes are handed out as views of `buffer` and
    /// consumed, and the complete response comes last, with that item's data
    /// empty. The buffer so never holds more than one read of the literal,
    /// and streamed literals may be as large as
    /// ``IMAPParserOptions/maxStreamedLiteralSize``. Smaller literals, and
    /// literals outside FETCH responses, are buffered as in ``parse(_:)``.
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
        if threshold == nil, streamedPrefix == nil {
            return try parse(&buffer).map(IMAPResponseEvent.response)
        }
        while true {
            guard let frame = try framer.nextFrame(in: buffer, streamingLiteralsFrom: threshold) else { return nil }
            let view = buffer.readableBytesView
            let bytes = view[view.startIndex..<(view.startIndex + frame.byteCount)]
            if let size = frame.streamedLiteralSize {
                var prefix = streamedPrefix ?? []
                prefix += bytes
                Self.emptyLastLiteral(&prefix)
                buffer.moveReaderIndex(forwardBy: frame.byteCount)
                streamedPrefix = prefix
                streamedRemaining = size
                return .literalBegan(describeLiteral(before: prefix, size: size))
            }
            let response: IMAPResponse
            if var prefix = streamedPrefix {
                prefix += bytes
                streamedPrefix = nil
                response = Self.parseFrame(prefix[...], options: options, greeting: false)
            } else if bytes.allSatisfy({ $0 == .cr || $0 == .lf }) {
                buffer.moveReaderIndex(forwardBy: frame.byteCount)
                continue
            } else {
                response = Self.parseFrame(bytes, options: options, greeting: expectingGreeting)
            }
            expectingGreeting = false
            buffer.moveReaderIndex(forwardBy: frame.byteCount)
            return .response(response)
        }
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

    /// Which message and item a streamed literal belongs to, read from the
    /// response before it: the prefix is closed with `)` and parsed.
    private func describeLiteral(before prefix: [UInt8], size: Int) -> IMAPStreamedLiteral {
        var trial = prefix
        trial += [.closeParen, .cr, .lf]
        if case .untagged(.fetch(let fetch)) = Self.parseFrame(trial[...], options: options, greeting: false) {
            return IMAPStreamedLiteral(sequenceNumber: fetch.sequenceNumber, uid: fetch.uid, attribute: fetch.attributes.last, size: size)
        }
        // "* " nz-number: the framer checked that much.
        var number: UInt32 = 0
        for byte in prefix.dropFirst(2) {
            guard byte.isDigit else { break }
            let (product, overflow) = number.multipliedReportingOverflow(by: 10)
            guard !overflow else { break }
            number = product &+ UInt32(byte - UInt8(ascii: "0"))
        }
        return IMAPStreamedLiteral(sequenceNumber: number, uid: nil, attribute: nil, size: size)
    }
}
