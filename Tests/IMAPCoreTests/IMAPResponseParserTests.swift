import IMAPCore
import MailCore
import Testing

@Suite("IMAPResponseParser")
struct IMAPResponseParserTests {
    /// Complete responses that do not parse: `.malformed`, consumed, and the next response survives.
    @Test(arguments: [
        ("malformed-fetch-item.txt", "expected a number", 2),
        ("malformed-bodystructure.txt", "expected a number", 2),
        ("malformed-unterminated-quote.txt", "unterminated quoted string", 2),
        ("malformed-tagged.txt", "expected OK, NO or BAD after the tag", 2),
        ("malformed-http.txt", "expected OK, NO or BAD after the tag", 1),
    ])
    func malformedFramesAreSkipped(file: String, detail: String, count: Int) throws {
        let bytes = try Fixtures.bytes(file)
        for responses in [try Feed.whole(bytes), try Feed.byteByByte(bytes)] {
            #expect(responses.count == count)
            guard case .malformed(let error, let raw)? = responses.first else {
                Issue.record("not malformed: \(String(describing: responses.first))")
                continue
            }
            #expect(error.kind == .syntax)
            #expect(error.detail == detail)
            #expect(raw == Array(bytes.prefix(raw.count)))
            #expect(raw.last == UInt8(ascii: "\n"))
            if count == 2 { #expect(!responses[1].isMalformed) }
        }
    }

    @Test func malformedFetchKeepsTheNextFetch() throws {
        let responses = try Feed.whole(try Fixtures.bytes("malformed-fetch-item.txt"))
        #expect(responses[1] == .untagged(.fetch(IMAPFetchResponse(sequenceNumber: 2, attributes: [.uid(3)]))))
        guard case .malformed(let error, _) = responses[0] else { return }
        #expect(error.offset == 15)
        #expect(error.description == #"invalid IMAP response (syntax: expected a number at offset 15): "* 1 FETCH (UID abc FLAGS (\\Seen))\r\n""#)
    }

    /// Bytes that cannot be framed: thrown, with the offending bytes.
    @Test(arguments: [
        ("garbage-tls-alert.bin", IMAPParseError.Kind.invalidResponseStart),
        ("garbage-nul.txt", .nulByte),
        ("garbage-huge-literal.txt", .literalTooLarge),
    ])
    func garbageThrows(file: String, kind: IMAPParseError.Kind) throws {
        let bytes = try Fixtures.bytes(file)
        var parser = IMAPResponseParser(expectingGreeting: false)
        var buffer = InputBuffer(bytes)
        let error = #expect(throws: IMAPParseError.self) { try parser.parse(&buffer) }
        #expect(error?.kind == kind)
        #expect(error?.bytes.isEmpty == false)
        #expect(error?.description.hasPrefix("invalid IMAP response") == true)
    }

    @Test func hugeLiteralFailsBeforeItsData() throws {
        var parser = IMAPResponseParser(expectingGreeting: false)
        var buffer = InputBuffer("* 1 FETCH (BODY[] {99999999999}\r\n")
        let error = #expect(throws: IMAPParseError.self) { try parser.parse(&buffer) }
        #expect(error?.kind == .literalTooLarge)
        #expect(error?.detail == "literal of 99999999999 bytes exceeds the limit of 67108864")
        // Even more digits than fit in an Int.
        var parser2 = IMAPResponseParser(expectingGreeting: false)
        var buffer2 = InputBuffer("* 1 FETCH (BODY[] {99999999999999999999999999999}\r\n")
        #expect(throws: IMAPParseError.self) { try parser2.parse(&buffer2) }
    }

    @Test func endlessLineFailsAtTheLimit() throws {
        let options = IMAPParserOptions(maxLineLength: 1024)
        var parser = IMAPResponseParser(options: options, expectingGreeting: false)
        var buffer = InputBuffer("* OK ")
        var thrown: IMAPParseError?
        for _ in 0..<10_000 {
            buffer.append(contentsOf: [UInt8](repeating: UInt8(ascii: "a"), count: 100))
            do throws(IMAPParseError) {
                #expect(try parser.parse(&buffer) == nil)
            } catch {
                thrown = error
                break
            }
        }
        #expect(thrown?.kind == .lineTooLong)
        #expect(buffer.readableBytes < 1024 + 200)
        #expect(thrown.map { $0.bytes.count <= IMAPParseError.maximumRetainedBytes } == true)
    }

    @Test func lineAtExactlyTheLimitIsAccepted() throws {
        let options = IMAPParserOptions(maxLineLength: 64)
        let line = "* OK " + String(repeating: "x", count: 59)
        for ending in ["\r\n", "\n"] {
            var parser = IMAPResponseParser(options: options, expectingGreeting: false)
            var buffer = InputBuffer()
            for byte in (line + ending).utf8 {
                buffer.append(contentsOf: [byte])
                if let response = try parser.parse(&buffer) {
                    #expect(response.condition?.text == String(repeating: "x", count: 59))
                }
            }
            #expect(buffer.isEmpty)
        }
        var parser = IMAPResponseParser(options: options, expectingGreeting: false)
        var buffer = InputBuffer(line + "y\r\n")
        #expect(throws: IMAPParseError.self) { try parser.parse(&buffer) }
    }

    @Test func responseSizeLimitCountsLiterals() throws {
        let options = IMAPParserOptions(maxLineLength: 100, maxLiteralSize: 1000, maxResponseSize: 1500)
        var parser = IMAPResponseParser(options: options, expectingGreeting: false)
        var buffer = InputBuffer("* 1 FETCH (BODY[1] {900}\r\n" + String(repeating: "a", count: 900) + " BODY[2] {900}\r\n")
        let error = #expect(throws: IMAPParseError.self) { try parser.parse(&buffer) }
        #expect(error?.kind == .responseTooLarge)
    }

    @Test func nestingTooDeepIsMalformed() throws {
        let options = IMAPParserOptions(maxNestingDepth: 8)
        var parser = IMAPResponseParser(options: options, expectingGreeting: false)
        let deep = String(repeating: "(", count: 20) + String(repeating: ")", count: 20)
        var buffer = InputBuffer("* 1 FETCH (X-DEEP \(deep))\r\n* 2 EXISTS\r\n")
        guard case .malformed(let error, _)? = try parser.parse(&buffer) else { Issue.record("not malformed"); return }
        #expect(error.kind == .nestingTooDeep)
        #expect(try parser.parse(&buffer) == .untagged(.exists(2)))
    }

    @Test func incompleteLeavesBufferUntouched() throws {
        for partial in ["", "*", "* OK", "* OK hi\r", "A1 OK", "* 1 FETCH (BODY[] {5}\r\n", "* 1 FETCH (BODY[] {5}\r\nab",
                        "* 1 FETCH (BODY[] {5}\r\nabcde", "* 1 FETCH (BODY[] {5}\r\nabcde)", "* LIST () \"/\" {3+}\r\nab"] {
            var parser = IMAPResponseParser(expectingGreeting: false)
            var buffer = InputBuffer(partial)
            #expect(try parser.parse(&buffer) == nil, "\(partial)")
            #expect(Array(buffer.readableBytesView) == partial.bytes)
        }
    }

    @Test(arguments: [
        // A quoted "{5}" at the end of a quoted string is not a literal.
        ("* LIST () \"/\" \"x {5}\"\r\nA1 OK done\r\n", 2),
        // An unterminated quote cannot hide a literal header either: the line ends.
        ("* OK \"unbalanced {5}\r\nA1 OK done\r\n", 2),
        // {0} literal.
        ("* LIST () \"/\" {0}\r\n\r\nA1 OK done\r\n", 2),
        // Empty lines between responses are skipped.
        ("\r\n* 1 EXISTS\r\n\n\r\nA1 OK done\r\n", 2),
        // Escaped quote and backslash inside a quoted string.
        ("* LIST () \"/\" \"a\\\"b\\\\{5}\"\r\nA1 OK done\r\n", 2),
    ])
    func framing(input: String, count: Int) throws {
        let responses = try Feed.whole(input.bytes)
        #expect(responses.count == count)
        #expect(responses.allSatisfy { !$0.isMalformed }, "\(responses)")
        #expect(try Feed.byteByByte(input.bytes) == responses)
    }

    @Test func greetingMustBeOKPreauthOrBye() throws {
        for input in ["* NO go away\r\n", "A1 OK x\r\n", "+ hi\r\n", "* 3 EXISTS\r\n"] {
            var parser = IMAPResponseParser()
            var buffer = InputBuffer(input)
            guard case .malformed(let error, _)? = try parser.parse(&buffer) else { Issue.record("\(input)"); continue }
            #expect(error.kind == .invalidGreeting)
            #expect(!parser.expectingGreeting)
        }
    }

    @Test(arguments: [
        ("* OK [ALERT] System shutdown in 10 minutes\r\n", IMAPResponseCode.alert as IMAPResponseCode?, "System shutdown in 10 minutes"),
        ("* OK [UIDVALIDITY abc] bad number\r\n", .other(name: "UIDVALIDITY", text: "abc"), "bad number"),
        ("* OK [unclosed bracket\r\n", nil, "[unclosed bracket"),
        ("* OK [READ-WRITE]\r\n", .readWrite, ""),
        ("* OK\r\n", nil, ""),
        ("* OK [PERMANENTFLAGS ()] No permanent flags permitted\r\n", .permanentFlags([]), "No permanent flags permitted"),
        ("* OK [HIGHESTMODSEQ 18446744073709551615] max\r\n", .highestModSeq(UInt64.max), "max"),
        ("* ok [capability imap4rev1 idle] lower case\r\n", .capability([.imap4rev1, .idle]), "lower case"),
    ])
    func responseCodes(input: String, code: IMAPResponseCode?, text: String) throws {
        let responses = try Feed.whole(input.bytes)
        #expect(responses.count == 1)
        #expect(responses.first?.condition?.code == code)
        #expect(responses.first?.condition?.text == text)
    }

    @Test func continuationChallengeDecodes() throws {
        let responses = try Feed.whole("+ dGVzdA==\r\n+ Ready for literal data\r\n".bytes)
        guard case .continuation(let first) = responses[0], case .continuation(let second) = responses[1] else {
            Issue.record("not continuations"); return
        }
        #expect(first.decodedChallenge == "test".bytes)
        #expect(second.decodedChallenge == nil)
    }

    @Test func unknownUntaggedDataIsKept() throws {
        let input = "* NAMESPACE ((\"\" \"/\")) NIL NIL\r\n* 3 XFOO bar\r\n"
        let responses = try Feed.whole(input.bytes)
        #expect(responses == [
            .untagged(.other(keyword: "NAMESPACE", raw: "NAMESPACE ((\"\" \"/\")) NIL NIL".bytes)),
            .untagged(.other(keyword: "XFOO", raw: "3 XFOO bar".bytes)),
        ])
    }

    @Test func literalPayloadIsExact() throws {
        var body: [UInt8] = Array(0...255)
        body += "\r\n)\r\n{5}\r\n".bytes
        var bytes = "* 1 FETCH (BODY[] {\(body.count)}\r\n".bytes + body + ")\r\n".bytes
        bytes += "* 2 FETCH (BINARY[] ~{3}\r\n\0\0\0)\r\n".bytes
        let responses = try Feed.whole(bytes)
        #expect(responses[0].fetch?.body(.complete) == body)
        #expect(responses[1].fetch?.attributes == [.binary(part: [], origin: nil, data: [0, 0, 0])])
        #expect(try Feed.byteByByte(bytes) == responses)
    }

    @Test func largeLiteralArrivingSlowlyIsScannedOnce() throws {
        // 4 MiB in 4 KiB pieces: quadratic re-scanning would take minutes.
        let size = 4 * 1024 * 1024
        var parser = IMAPResponseParser(expectingGreeting: false)
        var buffer = InputBuffer("* 1 FETCH (BODY[] {\(size)}\r\n")
        let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 4096)
        for _ in 0..<(size / chunk.count) {
            #expect(try parser.parse(&buffer) == nil)
            buffer.append(contentsOf: chunk)
        }
        #expect(try parser.parse(&buffer) == nil)
        buffer.append(contentsOf: ")\r\n".bytes)
        let response = try #require(try parser.parse(&buffer))
        #expect(response.fetch?.body(.complete)?.count == size)
        #expect(buffer.isEmpty)
    }
}
