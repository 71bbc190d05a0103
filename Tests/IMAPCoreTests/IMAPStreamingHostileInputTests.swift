import IMAPCore
import MailCore
import MailTestKit
import Testing

/// Random FETCH-looking input fed in random pieces to the streaming parser: it never traps,
/// never holds more than its limits allow, and the literal events add up.
@Suite("IMAP streaming parser: hostile input")
struct IMAPStreamingHostileInputTests {
    static let fragments = [
        "* ", "1", "7", " FETCH ", "(", ")", "UID 5", " UID ", " BODY[]", " BODY[1]", " BODY[HEADER.FIELDS (A B)]", " BINARY[1] ",
        "<0>", " ENVELOPE (", "NIL", "~", "{", "}", "+}", "1024", "2000", "0", "99999999999999999999", "\r\n", "\n", "\"", "\\",
        "[", "]", " ", "A1 OK done", "+ go", "* 3 EXISTS",
    ]
    static let options = IMAPParserOptions(maxLineLength: 1024, maxLiteralSize: 4096, maxResponseSize: 16 * 1024,
                                           maxNestingDepth: 16, maxStreamedLiteralSize: 64 * 1024)

    @Test(arguments: 0..<16)
    func randomInputStaysBounded(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var streamed = 0
        for round in 0..<100 {
            // Half are FETCH responses with large literals, mutated; half are fragments and noise.
            let bytes = round % 2 == 0 ? Self.mutatedFetch(using: &random) : Self.noise(using: &random)
            let threshold = [nil, 1, 1024, 2048].randomElement(using: &random)!
            streamed += Self.feed(bytes, threshold: threshold, using: &random)
        }
        #expect(streamed > 0)
    }

    static func noise(using random: inout SplitMix64) -> [UInt8] {
        var bytes: [UInt8] = []
        for _ in 0..<Int.random(in: 1...120, using: &random) {
            switch Int.random(in: 0..<10, using: &random) {
            case 0: bytes.append(UInt8.random(in: 0...255, using: &random))
            case 1: bytes += [UInt8](repeating: UInt8(ascii: "x"), count: Int.random(in: 0...3000, using: &random))
            default: bytes += Array(fragments.randomElement(using: &random)!.utf8)
            }
        }
        return bytes
    }

    /// `* 7 FETCH (UID 5 BODY[] {n}` + about n bytes + more items, with a few bytes replaced by fragments.
    static func mutatedFetch(using random: inout SplitMix64) -> [UInt8] {
        var bytes: [UInt8] = []
        for _ in 0..<Int.random(in: 1...3, using: &random) {
            let size = Int.random(in: 1000...5000, using: &random)
            let item = [" BODY[]", " BODY[1]", " BINARY[2] ~", " RFC822"].randomElement(using: &random)!
            bytes += Array("* 7 FETCH (UID 5\(item) {\(size)}\r\n".utf8)
            bytes += [UInt8](repeating: UInt8(ascii: "y"), count: max(0, size + Int.random(in: -3...3, using: &random)))
            bytes += Array(" FLAGS (\\Seen))\r\n".utf8)
        }
        for _ in 0..<Int.random(in: 0...3, using: &random) {
            let at = Int.random(in: 0..<bytes.count, using: &random)
            bytes.replaceSubrange(at..<min(bytes.count, at + Int.random(in: 0...4, using: &random)),
                                  with: Array(fragments.randomElement(using: &random)!.utf8))
        }
        return bytes
    }

    /// Feeds `bytes` in random pieces until the parser throws or everything is consumed;
    /// returns how many literals were streamed.
    @discardableResult
    static func feed(_ bytes: [UInt8], threshold: Int?, using random: inout SplitMix64) -> Int {
        var parser = IMAPResponseParser(options: options, expectingGreeting: false)
        var literal: (size: Int, received: Int)?
        var streamed = 0
        do {
            try random.feed(bytes, inPiecesUpTo: 4096) { buffer in
                while let event = try parser.next(&buffer, streamingLiteralsFrom: threshold) {
                    switch event {
                    case .literalBegan(let began):
                        #expect(literal == nil)
                        #expect(threshold != nil && began.size >= max(threshold ?? .max, IMAPFramer.minimumStreamedLiteral))
                        #expect(began.size <= options.maxStreamedLiteralSize)
                        literal = (began.size, 0)
                        streamed += 1
                    case .literalBytes(let chunk, let isLast):
                        guard let current = literal else { Issue.record("bytes without a literal"); return }
                        let received = current.received + chunk.count
                        #expect(!chunk.isEmpty && received <= current.size && isLast == (received == current.size))
                        literal = isLast ? nil : (current.size, received)
                    case .response:
                        #expect(literal == nil)
                    }
                }
                // Whatever is buffered fits the limits: a line, or a response's buffered literals.
                #expect(buffer.readableBytes <= options.maxResponseSize + options.maxLineLength + 4096)
            }
        } catch {
            // Refusing the input is fine; trapping or growing without bound is not.
        }
        return streamed
    }
}
