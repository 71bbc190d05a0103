import IMAPCore
import MailCore
import Testing

/// Two inconsistencies of issue 12: a streamed-literal limit below the buffered one,
/// and a streamed literal before the greeting.
@Suite("IMAP parser consistency")
struct IMAPParserConsistencyTests {
    /// Everything `next(_:streamingLiteralsFrom:)` returns for `bytes` fed in pieces of `piece` bytes.
    static func events(_ bytes: [UInt8], piece: Int, threshold: Int?, options: IMAPParserOptions = IMAPParserOptions(),
                       greeting: Bool) throws(IMAPParseError) -> [IMAPResponseEvent] {
        var parser = IMAPResponseParser(options: options, expectingGreeting: greeting)
        var buffer = InputBuffer()
        var events: [IMAPResponseEvent] = []
        var offset = 0
        while true {
            while let event = try parser.next(&buffer, streamingLiteralsFrom: threshold) {
                if case .literalBytes(let chunk, let isLast) = event {
                    events.append(.literalBytes(Array(chunk)[...], isLast: isLast))
                } else {
                    events.append(event)
                }
            }
            guard offset < bytes.count else { break }
            buffer.append(contentsOf: bytes[offset..<min(offset + piece, bytes.count)])
            offset += piece
        }
        return events
    }

    @Test(arguments: [1, 7, 512, 100_000])
    func streamedLiteralOverItsOwnLimitIsRefusedBelowTheBufferedLimit(piece: Int) throws {
        let options = IMAPParserOptions(maxLiteralSize: 64 * 1024, maxStreamedLiteralSize: 1500)
        let header = "* 1 FETCH (BODY[] {4000}\r\n".bytes
        let bytes = header + [UInt8](repeating: UInt8(ascii: "a"), count: 4000) + ")\r\n".bytes
        let error = #expect(throws: IMAPParseError.self) {
            try Self.events(bytes, piece: piece, threshold: 1024, options: options, greeting: false)
        }
        #expect(error?.kind == .literalTooLarge)
        #expect(error?.detail == "literal of 4000 bytes exceeds the limit of 1500")
        #expect(error.map { $0.bytes.starts(with: header) } == true)
        #expect(error?.description.contains("{4000}\\r\\n") == true)
        // At the limit it streams; without streaming the buffered limit applies and it is buffered.
        let atLimit = "* 1 FETCH (BODY[] {1500}\r\n".bytes + [UInt8](repeating: 1, count: 1500) + ")\r\n".bytes
        let streamed = try Self.events(atLimit, piece: piece, threshold: 1024, options: options, greeting: false)
        guard case .literalBegan(let literal) = streamed.first else { Issue.record("no literal began: \(streamed)"); return }
        #expect(literal.size == 1500)
        // The literal's bytes come in as many chunks as they arrived in, the last one marked.
        let chunks = streamed.compactMap { event -> (count: Int, isLast: Bool)? in
            guard case .literalBytes(let chunk, let isLast) = event else { return nil }
            return (chunk.count, isLast)
        }
        #expect(chunks.map(\.count).reduce(0, +) == 1500 && chunks.last?.isLast == true && chunks.dropLast().allSatisfy { !$0.isLast })
        #expect(streamed.count == 1 + chunks.count + 1, "began, the chunks, and the response's end: \(streamed.count)")
        let buffered = try Self.events(bytes, piece: piece, threshold: nil, options: options, greeting: false)
        #expect(buffered.count == 1)
        guard case .response(let response) = buffered.first else { Issue.record("not a response: \(buffered)"); return }
        #expect(response.fetch?.body(IMAPSectionSpecifier()) == [UInt8](repeating: UInt8(ascii: "a"), count: 4000))
    }

    @Test(arguments: [1, 5, 300, 100_000])
    func fetchWithALargeLiteralBeforeTheGreetingIsAnInvalidGreetingWhenStreaming(piece: Int) throws {
        let bytes = "* 1 FETCH (BODY[] {1024}\r\n".bytes + [UInt8](repeating: UInt8(ascii: "x"), count: 1024)
            + ")\r\n* OK ready\r\n".bytes
        let plain = try Feed.chunks(bytes, splits: Array(stride(from: piece, to: bytes.count, by: piece)), greeting: true)
        #expect(plain.count == 2)
        guard case .malformed(let error, _) = plain.first else { Issue.record("accepted before the greeting: \(plain)"); return }
        #expect(error.kind == .invalidGreeting)
        #expect(error.bytes.starts(with: "* 1 FETCH (BODY[] {1024}\r\n".bytes))
        #expect(plain.last?.condition?.status == .ok)
        #expect(plain.last.map { if case .greeting = $0 { true } else { false } } == false)
        let streamed = try Self.events(bytes, piece: piece, threshold: 1024, greeting: true)
        #expect(streamed == plain.map(IMAPResponseEvent.response))
    }

    @Test func afterTheGreetingTheSameLiteralStreams() throws {
        let bytes = "* OK ready\r\n* 1 FETCH (BODY[] {1024}\r\n".bytes + [UInt8](repeating: UInt8(ascii: "x"), count: 1024)
            + ")\r\n".bytes
        let streamed = try Self.events(bytes, piece: 100, threshold: 1024, greeting: true)
        guard case .response(.greeting) = streamed.first, case .literalBegan(let literal) = streamed.dropFirst().first else {
            Issue.record("expected the greeting, then a streamed literal: \(streamed)")
            return
        }
        #expect(literal.size == 1024)
        guard case .response(let last) = streamed.last else { Issue.record("no final response: \(streamed)"); return }
        #expect(last.fetch?.body(IMAPSectionSpecifier()) == [])
    }
}
