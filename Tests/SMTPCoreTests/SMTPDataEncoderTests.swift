import SMTPCore
import Testing

@Suite("SMTPDataEncoder")
struct SMTPDataEncoderTests {
    @Test(arguments: [
        ("", "."),
        (".", "..\r\n."),
        ("a", "a\r\n."),
        ("a\r\n", "a\r\n."),
        ("a\n", "a\r\n."),
        ("a\r", "a\r\n."),
        ("a\nb", "a\r\nb\r\n."),
        ("a\rb\r\nc\nd", "a\r\nb\r\nc\r\nd\r\n."),
        ("\n\n", "\r\n\r\n."),
        ("\r\r\n", "\r\n\r\n."),
        ("\n\r", "\r\n\r\n."),
        (".hidden\r\n..two\r\n", "..hidden\r\n...two\r\n."),
        ("line\n.\nmore", "line\r\n..\r\nmore\r\n."),
        ("line\r\n.\r\n", "line\r\n..\r\n."),
        ("a.b\r\n .x\r\n", "a.b\r\n .x\r\n."),
        (".\r.\n.", "..\r\n..\r\n..\r\n."),
        ("Subject: hi\r\n\r\nbody", "Subject: hi\r\n\r\nbody\r\n."),
    ] as [(String, String)])
    func encodes(body: String, expected: String) {
        let wire = Array((expected + "\r\n").utf8)
        #expect(SMTPDataEncoder.encode(Array(body.utf8)) == wire)
        // Streaming, split at every position (a CRLF split between chunks stays one line end).
        let bytes = Array(body.utf8)
        for split in 0...bytes.count {
            var encoder = SMTPDataEncoder()
            var output: [UInt8] = []
            encoder.encode(bytes[..<split], into: &output)
            encoder.encode(bytes[split...], into: &output)
            encoder.finish(into: &output)
            #expect(output == wire, "split at \(split)")
        }
        // Byte by byte, through a non-contiguous collection.
        var encoder = SMTPDataEncoder()
        var output: [UInt8] = []
        for byte in bytes { encoder.encode(CollectionOfOne(byte), into: &output) }
        encoder.finish(into: &output)
        #expect(output == wire)
    }

    @Test func encoderIsReusableAfterFinish() {
        var encoder = SMTPDataEncoder()
        var output: [UInt8] = []
        encoder.encode(Array("a".utf8), into: &output)
        encoder.finish(into: &output)
        encoder.encode(Array(".b".utf8), into: &output)
        encoder.finish(into: &output)
        #expect(output == Array("a\r\n.\r\n..b\r\n.\r\n".utf8))
    }

    @Test func neverProducesTheTerminatorEarly() {
        var bytes: [UInt8] = []
        for line in ["", ".", "..", ".\r", "\r.", "x"] { bytes += Array((line + "\n").utf8) }
        let encoded = SMTPDataEncoder.encode(bytes)
        let terminator = Array("\r\n.\r\n".utf8)
        let positions = (0...(encoded.count - terminator.count)).filter {
            encoded[$0..<($0 + terminator.count)].elementsEqual(terminator)
        }
        #expect(positions == [encoded.count - terminator.count])
    }

    @Test func encodesAMegabyteQuickly() {
        let line = Array("The quick brown fox jumps over the lazy dog.\n.leading dot\r\n".utf8)
        var body: [UInt8] = []
        body.reserveCapacity(1_100_000)
        while body.count < 1_000_000 { body += line }
        let clock = ContinuousClock()
        let start = clock.now
        let encoded = SMTPDataEncoder.encode(body)
        #expect(clock.now - start < .seconds(2))
        #expect(encoded.count > body.count)
    }
}

/// The bulk-copying encoder against a byte-at-a-time reference, on random input split at random points.
@Suite("SMTPDataEncoder against a reference")
struct SMTPDataEncoderReferenceTests {
    /// RFC 5321 §4.5.2 one byte at a time: every CR, LF and CRLF becomes CRLF; a leading dot is doubled.
    static func reference(_ message: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        var atLineStart = true
        var index = 0
        while index < message.count {
            let byte = message[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\r"):
                if index < message.count, message[index] == UInt8(ascii: "\n") { index += 1 }
                output += [13, 10]
                atLineStart = true
            case UInt8(ascii: "\n"):
                output += [13, 10]
                atLineStart = true
            default:
                if atLineStart, byte == UInt8(ascii: ".") { output.append(byte) }
                output.append(byte)
                atLineStart = false
            }
        }
        if !atLineStart { output += [13, 10] }
        return output + Array(".\r\n".utf8)
    }

    @Test func randomMessagesInRandomChunks() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ab.\r\n \u{00e9}".utf8)
        for _ in 0..<500 {
            let length = Int.random(in: 0...200, using: &generator)
            let message = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
            let expected = Self.reference(message)
            #expect(SMTPDataEncoder.encode(message) == expected)
            var encoder = SMTPDataEncoder()
            var output: [UInt8] = []
            var rest = message[...]
            while !rest.isEmpty {
                let chunk = rest.prefix(Int.random(in: 1...8, using: &generator))
                encoder.encode(chunk, into: &output)
                rest = rest.dropFirst(chunk.count)
            }
            encoder.finish(into: &output)
            #expect(output == expected, "\(message)")
        }
    }

    @Test(arguments: [
        ("", false), ("plain ascii\r\n", false), ("0123456789abcdef", false),
        ("caf\u{00e9}", true), ("\u{00e9}" + String(repeating: "x", count: 20), true),
        (String(repeating: "x", count: 17) + "\u{00e9}", true),
    ] as [(String, Bool)])
    func eightBitDetection(text: String, expected: Bool) {
        #expect(SMTPDataEncoder.containsEightBitBytes(Array(text.utf8)) == expected)
    }
}
