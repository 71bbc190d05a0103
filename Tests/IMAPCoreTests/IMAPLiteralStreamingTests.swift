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
    static func stream(_ bytes: [UInt8], piece: Int, threshold: Int? = 100,
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
        let body = Self.body(300)
        let bytes = "* 2 EXISTS\r\n* 7 FETCH (UID 42 FLAGS (\\Seen) BODY[] {300}\r\n".bytes + body
            + " RFC822.SIZE 300)\r\nA0003 OK done\r\n".bytes
        let expectedFetch = IMAPResponse.untagged(.fetch(IMAPFetchResponse(sequenceNumber: 7, attributes: [
            .uid(42), .flags([.seen]), .body(section: .complete, origin: nil, data: []), .rfc822Size(300),
        ])))
        for piece in [1, 2, 7, 64, 299, bytes.count] {
            let transcript = try Self.stream(bytes, piece: piece)
            #expect(transcript.responses.count == 3)
            #expect(transcript.responses[0] == .untagged(.exists(2)))
            #expect(transcript.responses[1] == expectedFetch)
            #expect(transcript.literals == [IMAPStreamedLiteral(
                sequenceNumber: 7, uid: 42, attribute: .body(section: .complete, origin: nil, data: []), size: 300)])
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
        let first = Self.body(150, seed: 1)
        let second = Self.body(500, seed: 2)
        // BODY[1] streamed, a small header buffered, BODY[2] streamed, then a quoted "{200}" that is text.
        let bytes = "* 3 FETCH (UID 9 BODY[1] {150}\r\n".bytes + first + " BODY[HEADER] {12}\r\nSubject: x\r\n BODY[2]<0> {500}\r\n".bytes
            + second + " X-NOTE \"{200}\")\r\n".bytes
        for piece in [1, 5, 151, bytes.count] {
            let transcript = try Self.stream(bytes, piece: piece)
            #expect(transcript.literals.map(\.size) == [150, 500])
            #expect(transcript.literals.map(\.uid) == [9, 9])
            #expect(transcript.literals.last?.attribute == .body(section: IMAPSectionSpecifier(part: [2]), origin: 0, data: []))
            #expect(transcript.data == [first, second])
            let fetch = try #require(transcript.responses.first?.fetch)
            #expect(fetch.body(.header) == "Subject: x\r\n".bytes)
            #expect(fetch.body(IMAPSectionSpecifier(part: [1])) == [])
            #expect(fetch.attributes.last == .unknown(name: "X-NOTE", value: "\"{200}\"".bytes))
        }
    }

    @Test func smallLiteralsAndOtherResponsesAreBuffered() throws {
        let name = String(repeating: "n", count: 150)
        let bytes = "* LIST () \"/\" {150}\r\n\(name)\r\n* 1 FETCH (UID 2 BODY[] {99}\r\n\(String(repeating: "b", count: 99)))\r\n".bytes
        let transcript = try Self.stream(bytes, piece: 1)
        #expect(transcript.literals.isEmpty)
        #expect(transcript.responses == (try Feed.whole(bytes)))
        #expect(transcript.responses[1].fetch?.body(.complete)?.count == 99)
    }

    @Test func withoutThresholdNothingIsStreamed() throws {
        let bytes = "* 1 FETCH (BODY[] {300}\r\n".bytes + Self.body(300) + ")\r\n".bytes
        let transcript = try Self.stream(bytes, piece: 10, threshold: nil)
        #expect(transcript.literals.isEmpty)
        #expect(transcript.responses == (try Feed.whole(bytes)))
    }

    @Test func literalWhereUIDComesLaterOrInsideAStructure() throws {
        // UID after the body: unknown when the literal starts. A literal subject inside ENVELOPE: no item.
        let late = "* 4 FETCH (BODY[TEXT] {120}\r\n".bytes + Self.body(120) + " UID 11)\r\n".bytes
        var transcript = try Self.stream(late, piece: 3)
        #expect(transcript.literals == [IMAPStreamedLiteral(
            sequenceNumber: 4, uid: nil, attribute: .body(section: .text, origin: nil, data: []), size: 120)])
        #expect(transcript.responses.first?.fetch?.uid == 11)

        let envelope = "* 5 FETCH (UID 6 ENVELOPE (NIL {200}\r\n".bytes + Array(repeating: UInt8(ascii: "s"), count: 200)
            + " NIL NIL NIL NIL NIL NIL NIL NIL))\r\n".bytes
        transcript = try Self.stream(envelope, piece: 1)
        #expect(transcript.literals == [IMAPStreamedLiteral(sequenceNumber: 5, uid: nil, attribute: nil, size: 200)])
        #expect(transcript.data.first?.count == 200)
        #expect(transcript.responses.first?.fetch?.envelope?.subject == "")
    }

    @Test func streamedLiteralLimits() throws {
        let options = IMAPParserOptions(maxLineLength: 1000, maxLiteralSize: 1000, maxResponseSize: 2000, maxStreamedLiteralSize: 5000)
        // Over the streamed limit: refused at the header, before any data.
        var parser = IMAPResponseParser(options: options, expectingGreeting: false)
        var buffer = InputBuffer("* 1 FETCH (BODY[] {5001}\r\n")
        let error = #expect(throws: IMAPParseError.self) { try parser.next(&buffer, streamingLiteralsFrom: 100) }
        #expect(error?.kind == .literalTooLarge)
        #expect(error?.detail == "literal of 5001 bytes exceeds the limit of 5000")
        // A streamed literal does not count towards the response size, but what is buffered still does.
        let ok = "* 1 FETCH (BODY[] {5000}\r\n".bytes + Self.body(5000) + ")\r\n".bytes
        #expect(try Self.stream(ok, piece: 512, options: options).data.first?.count == 5000)
        let tooLarge = "* 1 FETCH (BODY[1] {5000}\r\n".bytes + Self.body(5000) + " BODY[2] {999}\r\n".bytes + Self.body(999)
            + " BODY[3] {999}\r\n".bytes + Self.body(999) + ")\r\n".bytes
        #expect(throws: IMAPParseError.self) { try Self.stream(tooLarge, piece: 512, threshold: 1000, options: options) }
        // A large literal outside FETCH is held to the buffered limit.
        buffer = InputBuffer("* LIST () \"/\" {1001}\r\n")
        parser = IMAPResponseParser(options: options, expectingGreeting: false)
        #expect(throws: IMAPParseError.self) { try parser.next(&buffer, streamingLiteralsFrom: 100) }
    }

    @Test func malformedResponseAfterAStreamedLiteralIsSkipped() throws {
        let bytes = "* 1 FETCH (UID 3 BODY[] {200}\r\n".bytes + Self.body(200) + " UID x)\r\n* 2 FETCH (UID 4)\r\n".bytes
        let transcript = try Self.stream(bytes, piece: 7)
        #expect(transcript.data.first?.count == 200)
        #expect(transcript.responses.count == 2)
        #expect(transcript.responses[0].isMalformed)
        #expect(transcript.responses[1].fetch?.uid == 4)
    }
}
