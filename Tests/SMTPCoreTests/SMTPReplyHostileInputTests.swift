import MailCore
import MailTestKit
import SMTPCore
import Testing

/// Random reply-looking input fed in random pieces: the parser never traps and never holds
/// more than its limits allow; what it returns stays within them.
@Suite("SMTP reply parser: hostile input")
struct SMTPReplyHostileInputTests {
    static let fragments = ["220", "250", "354", "421", "550", "-", " ", "\r\n", "\n", "\r", "5.1.1", "ESMTP", "PIPELINING",
                            "99", "2", "\t", "\u{0}", "é", "250-", "250 ", "000", "999"]
    static let options = SMTPReplyParser.Options(maxLineLength: 64, maxLines: 8)

    @Test(arguments: 0..<16)
    func randomInputStaysBounded(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var replies = 0
        for _ in 0..<200 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 1...80, using: &random) {
                switch Int.random(in: 0..<12, using: &random) {
                case 0: bytes.append(UInt8.random(in: 0...255, using: &random))
                case 1: bytes += [UInt8](repeating: UInt8(ascii: "a"), count: Int.random(in: 0...100, using: &random))
                default: bytes += Array(Self.fragments.randomElement(using: &random)!.utf8)
                }
            }
            replies += Self.feed(bytes, using: &random)
        }
        #expect(replies > 0)
    }

    /// Feeds `bytes` in random pieces until the parser throws or everything is consumed; returns the replies parsed.
    static func feed(_ bytes: [UInt8], using random: inout SplitMix64) -> Int {
        let parser = SMTPReplyParser(options: options)
        var replies = 0
        do {
            try random.feed(bytes, inPiecesUpTo: 64) { buffer in
                while let reply = try parser.parse(&buffer) {
                    replies += 1
                    #expect((200...599).contains(reply.code) || (100...199).contains(reply.code))
                    #expect(reply.lines.count <= options.maxLines)
                    #expect(reply.lines.allSatisfy { $0.utf8.count <= options.maxLineLength })
                }
                #expect(buffer.readableBytes <= options.maxLines * (options.maxLineLength + 2) + 64)
            }
        } catch {
            // Refusing the input is fine; trapping or growing without bound is not.
        }
        return replies
    }
}
