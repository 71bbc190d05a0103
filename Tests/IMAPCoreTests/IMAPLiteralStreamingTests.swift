import IMAPCore
import MailCore
import Testing

/// `IMAPResponseParser.next(_:streamingLiteralsFrom:)`: large FETCH literals
/// pass through in pieces; everything else parses as with `parse(_:)`.
@Suite("IMAP literal streaming")
struct IMAPLiteralStreamingTests {
    /// What the events of one feed add up to.
    struct Transcript: Equatable {
        var responses: [IMAPResponse] = []
        var literals: [IMAPStreamedLiteral] = []
        var data: [[UInt8]] = []
        /// The most bytes the input buffer held after any call.
        var peakBuffered = 0
    }

    /// Feeds `bytes` in pieces of `piece` bytes (every split when `piece` is 1), collecting events.
    static func stream(_ bytes: [UInt8], piece: Int, threshold: Int? = 1024,
                       options: IMAPParserOptions = IMAPParserOptions()) throws(IMAPParseError) -> Transcript {
        var parser = IMAPResponseParser(options: options, expectingGreeting: false)
        var buffer = InputBuffer()
        var transcript = Transcript()
        var offset = 0
        while true {
            while let event = try parser.next(&buffer, streamingLiteralsFrom: threshold) {
                switch event {
                case .response(let response):
                    transcript.responses.append(response)
                case .literalBegan(let literal):
                    transcript.literals.append(literal)
                    transcript.data.append([])
                case .literalBytes(let chunk, let isLast):
                    transcript.data[transcript.data.count - 1] += chunk
                    #expect(isLast == (transcript.data.last?.count == transcript.literals.last?.size))
                }
                transcript.peakBuffered = max(transcript.peakBuffered, buffer.readableBytes)
            }
            guard offset < bytes.count else { break }
            buffer.append(contentsOf: bytes[offset..<min(offset + piece, bytes.count)])
            offset += piece
        }
        #expect(buffer.isEmpty)
        return transcript
    }

    static func body(_ count: Int, seed: UInt8 = 0) -> [UInt8] {
        // Every byte value, CRLF, ")" and a literal header inside: none of it may confuse the framer.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        var value = seed
        while bytes.count < count {
            bytes.append(value)
            value &+= 37
        }
        let tricky = Array("\r\n)\r\n* 9 FETCH {5}\r\n".utf8)
        if count > tricky.count * 2 { bytes.replaceSubrange(count / 2..<(count / 2 + tricky.count), with: tricky) }
        return bytes
    }

    @Test func largeBodyIsStreamedAtEverySplit() throws {
        let body = Self.body(3000)
        let bytes = "* 2 EXISTS\r\n* 7 FETCH (UID 42 FLAGS (\\Seen) BODY[] {3000}\r\n".bytes + body
            + " RFC822.SIZE 3000)\r\nA0003 OK done\r\n".bytes
        let expectedFetch = IMAPResponse.untagged(.fetch(IMAPFetchResponse(sequenceNumber: 7, attributes: [
            .uid(42), .flags([.seen]), .body(section: .complete, origin: nil, data: []), .rfc822Size(3000),
        ])))
        for piece in [1, 2, 7, 64, 2999, bytes.count] {
            let transcript = try Self.stream(bytes, piece: piece)
            #expect(transcript.responses.count == 3)
            #expect(transcript.responses[0] == .untagged(.exists(2)))
            #expect(transcript.responses[1] == expectedFetch)
            #expect(transcript.literals == [IMAPStreamedLiteral(
                sequenceNumber: 7, uid: 42, attribute: .body(section: .complete, origin: nil, data: []), size: 3000)])
            #expect(transcript.data == [body])
            #expect(transcript.responses[2].tagged != nil)
        }
    }

    @Test func bufferNeverHoldsTheLiteral() throws {
        // 8 MiB, larger than the buffered-literal limit, arriving in 16 KiB reads.
        let size = 8 * 1024 * 1024
        let body = Self.body(size, seed: 3)
        let bytes = "* 1 FETCH (UID 5 BODY.PEEK[] {\(size)}\r\n".bytes + body + ")\r\n".bytes
        let options = IMAPParserOptions(maxLiteralSize: 1024 * 1024, maxResponseSize: 1024 * 1024)
        let transcript = try Self.stream(bytes, piece: 16 * 1024, threshold: 64 * 1024, options: options)
        #expect(transcript.peakBuffered <= 16 * 1024)
        #expect(transcript.data.first?.count == size)
        #expect(transcript.data.first == body)
        #expect(transcript.responses.first?.fetch?.body(.complete) == [])
        // The same bytes without streaming exceed the limits before any of the literal is kept.
        var parser = IMAPResponseParser(options: options, expectingGreeting: false)
        var buffer = InputBuffer(bytes.prefix(64))
        let error = #expect(throws: IMAPParseError.self) { try parser.parse(&buffer) }
        #expect(error?.kind == .literalTooLarge)
    }

    @Test func severalLiteralsInOneResponse() throws {
        let first = Self.body(1500, seed: 1)
        let second = Self.body(5000, seed: 2)
        // BODY[1] streamed, a small header buffered, BODY[2] streamed, then a quoted "{2000}" that is text.
        let bytes = "* 3 FETCH (UID 9 BODY[1] {1500}\r\n".bytes + first
            + " BODY[HEADER.FIELDS (SUBJECT DATE)] {12}\r\nSubject: x\r\n BODY[2]<0> {5000}\r\n".bytes
            + second + " X-NOTE \"{2000}\")\r\n".bytes
        for piece in [1, 5, 1501, bytes.count] {
            let transcript = try Self.stream(bytes, piece: piece)
            #expect(transcript.literals.map(\.size) == [1500, 5000])
            #expect(transcript.literals.map(\.uid) == [9, 9])
            #expect(transcript.literals.last?.attribute == .body(section: IMAPSectionSpecifier(part: [2]), origin: 0, data: []))
            #expect(transcript.data == [first, second])
            let fetch = try #require(transcript.responses.first?.fetch)
            #expect(fetch.body(IMAPSectionSpecifier(kind: .headerFields(["SUBJECT", "DATE"]))) == "Subject: x\r\n".bytes)
            #expect(fetch.body(IMAPSectionSpecifier(part: [1])) == [])
            #expect(fetch.attributes.last == .unknown(name: "X-NOTE", value: "\"{2000}\"".bytes))
        }
    }

    @Test func smallLiteralsAndOtherResponsesAreBuffered() throws {
        // A LIST name over the threshold, and a FETCH literal under the minimum even with threshold 1.
        let name = String(repeating: "n", count: 1500)
        let bytes = "* LIST () \"/\" {1500}\r\n\(name)\r\n* 1 FETCH (UID 2 BODY[] {1023}\r\n\(String(repeating: "b", count: 1023)))\r\n".bytes
        for threshold in [1, 1024] {
            let transcript = try Self.stream(bytes, piece: 7, threshold: threshold)
            #expect(transcript.literals.isEmpty)
            #expect(transcript.responses == (try Feed.whole(bytes)))
            #expect(transcript.responses[1].fetch?.body(.complete)?.count == 1023)
        }
    }

    @Test func withoutThresholdNothingIsStreamed() throws {
        let bytes = "* 1 FETCH (BODY[] {3000}\r\n".bytes + Self.body(3000) + ")\r\n".bytes
        let transcript = try Self.stream(bytes, piece: 10, threshold: nil)
        #expect(transcript.literals.isEmpty)
        #expect(transcript.responses == (try Feed.whole(bytes)))
    }

    @Test func literalWhereUIDComesLaterOrInsideAStructure() throws {
        // UID after the body: unknown when the literal starts.
        let late = "* 4 FETCH (BODY[TEXT] {1200}\r\n".bytes + Self.body(1200) + " UID 11)\r\n".bytes
        var transcript = try Self.stream(late, piece: 3)
        #expect(transcript.literals == [IMAPStreamedLiteral(
            sequenceNumber: 4, uid: nil, attribute: .body(section: .text, origin: nil, data: []), size: 1200)])
        #expect(transcript.responses.first?.fetch?.uid == 11)

        // A literal inside ENVELOPE or BODYSTRUCTURE is not an item's value: buffered, never streamed.
        let subject = String(repeating: "s", count: 2000)
        let envelope = "* 5 FETCH (UID 6 ENVELOPE (\"(not a list\" {2000}\r\n\(subject) NIL NIL NIL NIL NIL NIL NIL NIL))\r\n".bytes
        transcript = try Self.stream(envelope, piece: 1)
        #expect(transcript.literals.isEmpty)
        #expect(transcript.responses.first?.fetch?.envelope?.subject == subject)
    }

    @Test func literal8AndAThresholdSetMidResponse() throws {
        // BINARY ~{n} (RFC 3516) streams like any literal.
        let binary = "* 2 FETCH (UID 3 BINARY[1] ~{2048}\r\n".bytes + [UInt8](repeating: 0, count: 2048) + ")\r\n".bytes
        let transcript = try Self.stream(binary, piece: 100)
        #expect(transcript.literals.first?.attribute == .binary(part: [1], origin: nil, data: []))
        #expect(transcript.data == [[UInt8](repeating: 0, count: 2048)])

        // The threshold in effect when a response begins holds for all of it.
        let bytes = "* 1 FETCH (UID 5 BODY[] {3000}\r\n".bytes + Self.body(3000) + ")\r\n".bytes
        var parser = IMAPResponseParser(expectingGreeting: false)
        var buffer = InputBuffer(bytes.prefix(10))
        #expect(try parser.next(&buffer, streamingLiteralsFrom: nil) == nil)
        buffer.append(contentsOf: bytes.dropFirst(10))
        let event = try parser.next(&buffer, streamingLiteralsFrom: 1024)
        guard case .response(let response)? = event else { Issue.record("streamed: \(String(describing: event))"); return }
        #expect(response.fetch?.body(.complete)?.count == 3000)
    }

    @Test func resetInTheMiddleOfAStreamedLiteral() throws {
        var parser = IMAPResponseParser(expectingGreeting: false)
        var buffer = InputBuffer("* 1 FETCH (UID 5 BODY[] {3000}\r\n".bytes + Self.body(100))
        guard case .literalBegan? = try parser.next(&buffer, streamingLiteralsFrom: 1024) else { Issue.record("not streamed"); return }
        guard case .literalBytes? = try parser.next(&buffer, streamingLiteralsFrom: 1024) else { Issue.record("no bytes"); return }
        // STARTTLS-style: the buffer is cleared and the parser starts afresh.
        buffer.clear()
        parser.reset()
        buffer.append(contentsOf: "* 3 EXISTS\r\n".bytes)
        #expect(try parser.next(&buffer, streamingLiteralsFrom: 1024) == .response(.untagged(.exists(3))))
    }

    @Test func atMostSoManyStreamedLiteralsPerResponse() throws {
        let count = IMAPFramer.maxStreamedLiteralsPerResponse + 2
        var bytes = "* 1 FETCH (UID 5".bytes
        for part in 1...count { bytes += " BODY[\(part)] {1024}\r\n".bytes + Self.body(1024, seed: UInt8(part)) }
        bytes += ")\r\n".bytes
        let transcript = try Self.stream(bytes, piece: 4096)
        #expect(transcript.literals.count == IMAPFramer.maxStreamedLiteralsPerResponse)
        let fetch = try #require(transcript.responses.first?.fetch)
        #expect(fetch.body(IMAPSectionSpecifier(part: [UInt32(count)])) == Self.body(1024, seed: UInt8(count)))
        #expect(fetch.body(IMAPSectionSpecifier(part: [1])) == [])
    }

    @Test func streamedLiteralLimits() throws {
        let options = IMAPParserOptions(maxLineLength: 1000, maxLiteralSize: 1000, maxResponseSize: 2000, maxStreamedLiteralSize: 5000)
        // Over the streamed limit: refused at the header, before any data.
        var parser = IMAPResponseParser(options: options, expectingGreeting: false)
        var buffer = InputBuffer("* 1 FETCH (BODY[] {5001}\r\n")
        var error = #expect(throws: IMAPParseError.self) { try parser.next(&buffer, streamingLiteralsFrom: 1024) }
        #expect(error?.kind == .literalTooLarge)
        #expect(error?.detail == "literal of 5001 bytes exceeds the limit of 5000")
        // A streamed literal does not count towards the response size, but what is buffered still does.
        let ok = "* 1 FETCH (BODY[] {5000}\r\n".bytes + Self.body(5000) + ")\r\n".bytes
        #expect(try Self.stream(ok, piece: 512, options: options).data.first?.count == 5000)
        let tooLarge = "* 1 FETCH (BODY[1] {5000}\r\n".bytes + Self.body(5000) + " BODY[2] {999}\r\n".bytes + Self.body(999)
            + " BODY[3] {999}\r\n".bytes + Self.body(999) + ")\r\n".bytes
        error = #expect(throws: IMAPParseError.self) { try Self.stream(tooLarge, piece: 512, options: options) }
        #expect(error?.kind == .responseTooLarge)
        // A large literal outside FETCH is held to the buffered limit, and says so.
        buffer = InputBuffer("* LIST () \"/\" {1001}\r\n")
        parser = IMAPResponseParser(options: options, expectingGreeting: false)
        error = #expect(throws: IMAPParseError.self) { try parser.next(&buffer, streamingLiteralsFrom: 1024) }
        #expect(error?.kind == .literalTooLarge)
        #expect(error?.detail == "literal of 1001 bytes exceeds the limit of 1000")
        // "Unlimited" streamed literals: a size that overflows Int is still an error, not a trap.
        parser = IMAPResponseParser(options: IMAPParserOptions(maxStreamedLiteralSize: .max), expectingGreeting: false)
        buffer = InputBuffer("* 1 FETCH (BODY[] {99999999999999999999}\r\n")
        error = #expect(throws: IMAPParseError.self) { try parser.next(&buffer, streamingLiteralsFrom: 1024) }
        #expect(error?.kind == .literalTooLarge)
    }

    @Test func malformedResponseAfterAStreamedLiteralIsSkipped() throws {
        let bytes = "* 1 FETCH (UID 3 BODY[] {2000}\r\n".bytes + Self.body(2000) + " UID x)\r\n* 2 FETCH (UID 4)\r\n".bytes
        let transcript = try Self.stream(bytes, piece: 7)
        #expect(transcript.data.first?.count == 2000)
        #expect(transcript.responses.count == 2)
        #expect(transcript.responses[0].isMalformed)
        #expect(transcript.responses[1].fetch?.uid == 4)
    }
}
