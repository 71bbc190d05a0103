import MailCore
import SMTPCore
import Testing

@Suite("SMTPReplyParser")
struct SMTPReplyParserTests {
    let parser = SMTPReplyParser()

    /// Inline cases: input, then the expected code and lines (nil: must throw).
    @Test(arguments: [
        ("250 OK\r\n", 250, ["OK"]),
        ("250 \r\n", 250, [""]),
        ("250\r\n", 250, [""]),
        ("250\n", 250, [""]),
        ("250-\r\n250 last\r\n", 250, ["", "last"]),
        ("354 End data with <CR><LF>.<CR><LF>\r\n", 354, ["End data with <CR><LF>.<CR><LF>"]),
        ("250 tab\tinside\r\n", 250, ["tab\tinside"]),
        ("599 top of the range\r\n", 599, ["top of the range"]),
        ("250-a\n250-b\r\n250 c\n", 250, ["a", "b", "c"]),
    ] as [(String, Int, [String])])
    func parses(input: String, code: Int, lines: [String]) throws {
        var buffer = InputBuffer(input)
        let reply = try #require(try parser.parse(&buffer))
        #expect(reply.code == code)
        #expect(reply.lines == lines)
        #expect(buffer.isEmpty)
    }

    @Test(arguments: [
        ("099 zero\r\n", SMTPParseError.Kind.invalidReplyCode),
        ("199 one\r\n", .positivePreliminaryCode),
        ("2x0 x\r\n", .invalidReplyCode),
        ("250:colon\r\n", .invalidSeparator),
        ("250-a\r\n550 b\r\n", .replyCodeChanged),
        ("250 a\u{7F}b\r\n", .controlCharacter),
        ("250 a\u{1B}[31m\r\n", .controlCharacter),
        ("250-a\r\n\r\n", .invalidReplyCode),
    ] as [(String, SMTPParseError.Kind)])
    func rejects(input: String, kind: SMTPParseError.Kind) {
        var buffer = InputBuffer(input)
        let error = #expect(throws: SMTPParseError.self) { try parser.parse(&buffer) }
        #expect(error?.kind == kind)
    }

    @Test func incompleteLeavesBufferUntouched() throws {
        for partial in ["", "2", "25", "250", "250 ", "250 OK", "250 OK\r", "250-a\r\n", "250-a\r\n250", "250-a\r\n250 b"] {
            var buffer = InputBuffer(partial)
            #expect(try parser.parse(&buffer) == nil, "\(partial)")
            #expect(Array(buffer.readableBytesView) == Array(partial.utf8))
        }
    }

    @Test func enhancedStatusIsStrippedFromEveryLine() throws {
        var buffer = InputBuffer("550-5.7.1 first\r\n550-5.7.1\r\n550 5.7.1 last\r\n")
        let reply = try #require(try parser.parse(&buffer))
        #expect(reply.enhancedStatus == SMTPEnhancedStatus(statusClass: 5, subject: 7, detail: 1))
        #expect(reply.lines == ["first", "", "last"])
        #expect(reply.text == "first\n\nlast")
        #expect(reply.kind == .permanentNegative)
        #expect(reply.description == "550 5.7.1 first /  / last")
    }

    @Test(arguments: [
        ("5.1.1", SMTPEnhancedStatus(statusClass: 5, subject: 1, detail: 1) as SMTPEnhancedStatus?),
        ("4.7.139", SMTPEnhancedStatus(statusClass: 4, subject: 7, detail: 139)),
        ("2.0.0", SMTPEnhancedStatus(statusClass: 2, subject: 0, detail: 0)),
        ("3.0.0", nil), ("5.1000.1", nil), ("5.1.1000", nil), ("5..1", nil), ("5.1", nil), ("5.1.1.", nil), ("", nil),
    ])
    func enhancedStatus(string: String, expected: SMTPEnhancedStatus?) {
        #expect(SMTPEnhancedStatus(string) == expected)
        if let expected { #expect(expected.description == string) }
    }

    @Test func description() throws {
        var buffer = InputBuffer("550 5.1.1 <nobody@example.test>: Recipient address rejected\r\n")
        let reply = try #require(try parser.parse(&buffer))
        #expect(reply.description == "550 5.1.1 <nobody@example.test>: Recipient address rejected")
        #expect(SMTPReply(code: 250, lines: ["a", "b"]).description == "250 a / b")
        #expect(SMTPReply(code: 250, lines: [""]).description == "250")
    }

    @Test(arguments: [
        (220, SMTPReply.Kind.positiveCompletion), (250, .positiveCompletion), (334, .positiveIntermediate),
        (354, .positiveIntermediate), (421, .transientNegative), (450, .transientNegative), (535, .permanentNegative),
    ])
    func kind(code: Int, kind: SMTPReply.Kind) {
        #expect(SMTPReply(code: code, lines: [""]).kind == kind)
    }

    @Test func pipelinedRepliesParseOneAtATime() throws {
        var buffer = InputBuffer("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 go ahead\r\n250 2.0")
        #expect(try parser.parse(&buffer)?.lines == ["Ok"])
        #expect(try parser.parse(&buffer)?.code == 250)
        #expect(try parser.parse(&buffer)?.code == 354)
        #expect(try parser.parse(&buffer) == nil)
        #expect(Array(buffer.readableBytesView) == Array("250 2.0".utf8))
        buffer.append(contentsOf: ".0 Ok: queued as ABC\r\n".utf8)
        #expect(try parser.parse(&buffer)?.queueID == "ABC")
        #expect(buffer.isEmpty)
    }

    @Test func lineTooLongOnceComplete() {
        let parser = SMTPReplyParser(options: .init(maxLineLength: 10))
        var ok = InputBuffer("250 678901\r\n")
        #expect(throws: Never.self) { try parser.parse(&ok) }
        var tooLong = InputBuffer("250 6789012\r\n")
        let error = #expect(throws: SMTPParseError.self) { try parser.parse(&tooLong) }
        #expect(error?.kind == .lineTooLong)
        var bareLF = InputBuffer("250 6789012\n")
        #expect(throws: SMTPParseError.self) { try parser.parse(&bareLF) }
    }

    @Test func incompleteLineAtTheLimitWaits() throws {
        let parser = SMTPReplyParser(options: .init(maxLineLength: 10))
        var buffer = InputBuffer("250 678901\r")
        #expect(try parser.parse(&buffer) == nil)
        var over = InputBuffer("250 6789012")
        #expect(throws: SMTPParseError.self) { try parser.parse(&over) }
    }

    /// A hostile server sending 10 MB without a line end is rejected as soon as
    /// the line passes the limit; the parser never holds more than that.
    @Test func tenMegabytesWithoutLineEndFailsEarly() throws {
        let parser = SMTPReplyParser()
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000)
        var buffer = InputBuffer("250 ")
        var sent = 4
        var failure: SMTPParseError?
        while sent < 10_000_000 {
            do {
                #expect(try parser.parse(&buffer) == nil)
            } catch {
                failure = error
                break
            }
            buffer.append(contentsOf: chunk)
            sent += chunk.count
        }
        #expect(failure?.kind == .lineTooLong)
        #expect(failure?.bytes.count == SMTPParseError.maximumRetainedBytes)
        #expect(sent <= parser.options.maxLineLength + 2 + chunk.count)
    }

    @Test func tenMegabytesInOneGoFailsWithoutScanningIt() throws {
        var bytes = Array("250 ".utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "a"), count: 10_000_000)
        var buffer = InputBuffer(bytes)
        let clock = ContinuousClock()
        let start = clock.now
        let error = #expect(throws: SMTPParseError.self) { try SMTPReplyParser().parse(&buffer) }
        #expect(error?.kind == .lineTooLong)
        #expect(clock.now - start < .seconds(1))
    }

    @Test func tooManyLines() throws {
        let parser = SMTPReplyParser(options: .init(maxLines: 3))
        var three = InputBuffer("250-a\r\n250-b\r\n250 c\r\n")
        #expect(try parser.parse(&three)?.lines.count == 3)
        var four = InputBuffer("250-a\r\n250-b\r\n250-c\r\n")
        let error = #expect(throws: SMTPParseError.self) { try parser.parse(&four) }
        #expect(error?.kind == .tooManyLines)
        #expect(error?.bytes == Array("250-c\r\n".utf8))
    }

    @Test func endlessContinuationLinesFailAtTheDefaultLimit() throws {
        var buffer = InputBuffer()
        var failure: SMTPParseError?
        for _ in 0..<10_000 {
            buffer.append(contentsOf: "250-PIPELINING\r\n".utf8)
            do {
                _ = try SMTPReplyParser().parse(&buffer)
            } catch {
                failure = error
                break
            }
        }
        #expect(failure?.kind == .tooManyLines)
    }

    @Test func errorDescriptionEscapesBytes() {
        let error = SMTPParseError(kind: .controlCharacter, bytes: Array("250 a\u{0}\"b\r\n".utf8) + [0xFF])
        #expect(error.description == #"invalid SMTP reply (controlCharacter): "250 a\x00\"b\r\n\xFF""#)
    }

    @Test func errorBytesAreTruncated() {
        let error = SMTPParseError(kind: .lineTooLong, bytes: [UInt8](repeating: 0x41, count: 10_000))
        #expect(error.bytes.count == 256)
    }
}
