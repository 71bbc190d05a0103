public import MailCore

/// Incremental, bounded parser for IMAP server responses.
///
///     S: * OK [CAPABILITY IMAP4rev1 SASL-IR ID ENABLE IDLE LITERAL+] Dovecot ready.
///     S: * 1 FETCH (UID 7 BODY[HEADER] {23}
///     S: Subject: hello
///     S:
///     S: )
///
/// ``parse(_:)`` returns `nil` and leaves the buffer untouched until a whole
/// response (every line and literal of it, found by ``IMAPFramer``) has
/// arrived, then consumes exactly that response. A complete response that
/// does not follow the grammar comes back as ``IMAPResponse/malformed(_:raw:)``
/// so that a session survives a server's quirk; bytes that cannot be framed
/// (a limit exceeded, binary garbage) throw. RFC 9051 §7 and §9.
///
/// The parser is stateful: it remembers how far it scanned an incomplete
/// response, and whether the greeting is still expected. Use one parser per
/// connection and buffer; call ``reset(expectingGreeting:)`` after clearing the buffer.
public struct IMAPResponseParser: Sendable {
    public var options: IMAPParserOptions {
        didSet { framer.options = options }
    }

    var framer: IMAPFramer
    /// Whether the next response is the greeting.
    public internal(set) var expectingGreeting: Bool
    /// While a literal is streamed: the response before it, its streamed
    /// literal headers rewritten to `{0}` (see ``next(_:streamingLiteralsFrom:)``).
    var streamedPrefix: [UInt8]?
    /// Bytes of the streamed literal still to pass on.
    var streamedRemaining = 0
    /// The UID of the response whose literals are streamed, once known.
    var streamedUID: UInt32?

    /// - Parameter expectingGreeting: `true` for a new connection, so that the
    ///   first response becomes ``IMAPResponse/greeting(_:)``.
    public init(options: IMAPParserOptions = IMAPParserOptions(), expectingGreeting: Bool = true) {
        self.options = options
        self.framer = IMAPFramer(options: options)
        self.expectingGreeting = expectingGreeting
    }

    /// Forgets any partial scan (after `InputBuffer.clear()`, e.g. following STARTTLS).
    public mutating func reset(expectingGreeting: Bool = false) {
        framer.reset()
        streamedPrefix = nil
        streamedRemaining = 0
        streamedUID = nil
        self.expectingGreeting = expectingGreeting
    }

    // response = *(continue-req / response-data) response-done
    // greeting = "*" SP (resp-cond-auth / resp-cond-bye) CRLF
    /// Parses one response from the front of `buffer`; empty lines are skipped.
    ///
    /// - Returns: the response, having consumed its bytes; or `nil`, consuming
    ///   nothing, when the response is not complete yet.
    /// - Throws: when a limit is exceeded or the bytes cannot be IMAP; the
    ///   connection should then be closed.
    ///
    /// Every literal is buffered whole; ``next(_:streamingLiteralsFrom:)``
    /// passes large FETCH literals on as they arrive instead. Use one or the
    /// other on a buffer, not both.
    public mutating func parse(_ buffer: inout InputBuffer) throws(IMAPParseError) -> IMAPResponse? {
        while true {
            guard let frame = try framer.nextFrame(in: buffer) else { return nil }
            if let response = consume(frame, from: &buffer) { return response }
        }
    }

    /// Parses one complete, framed response.
    ///
    /// - Parameter greeting: whether the response must be the greeting.
    public static func parseFrame(
        _ bytes: ArraySlice<UInt8>,
        options: IMAPParserOptions = IMAPParserOptions(),
        greeting: Bool = false
    ) -> IMAPResponse {
        var cursor = IMAPParserCursor(frame: bytes, maxDepth: options.maxNestingDepth)
        do throws(IMAPParseError) {
            let response = try parseResponse(&cursor, greeting: greeting)
            return response
        } catch {
            return .malformed(error, raw: Array(bytes))
        }
    }

    // response-data / response-tagged / continue-req
    private static func parseResponse(_ cursor: inout IMAPParserCursor, greeting: Bool) throws(IMAPParseError) -> IMAPResponse {
        switch cursor.peek {
        case UInt8(ascii: "+"):
            if greeting { throw IMAPParseError(kind: .invalidGreeting, detail: "a continuation request", bytes: cursor.frame) }
            return .continuation(try IMAPContinuationRequest.parse(&cursor))
        case UInt8(ascii: "*"):
            cursor.index += 1
            try cursor.expectSpace()
            let untagged = try IMAPUntaggedResponse.parse(&cursor)
            guard greeting else { return .untagged(untagged) }
            guard case .condition(let state) = untagged, state.status == .ok || state.status == .preauth || state.status == .bye else {
                throw IMAPParseError(kind: .invalidGreeting, detail: "expected * OK, * PREAUTH or * BYE", offset: 0, bytes: cursor.frame)
            }
            return .greeting(state)
        default:
            if greeting { throw IMAPParseError(kind: .invalidGreeting, detail: "a tagged response", offset: 0, bytes: cursor.frame) }
            let tagged = try IMAPTaggedResponse.parse(&cursor)
            return .tagged(tagged)
        }
    }
}
