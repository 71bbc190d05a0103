import MailCore
import SMTPCore
import Testing

/// A fixture file and the reply it must parse to.
struct ValidReplyFixture: Sendable, CustomTestStringConvertible {
    var file: String
    var code: Int
    var status: String?
    var lines: [String]?
    var lineCount: Int
    var firstLine: String

    init(_ file: String, _ code: Int, status: String? = nil, lineCount: Int = 1, first: String, lines: [String]? = nil) {
        self.file = file
        self.code = code
        self.status = status
        self.lines = lines
        self.lineCount = lines?.count ?? lineCount
        // `first` is only meaningful when `lines` is not given.
        self.firstLine = lines?.first ?? first
    }

    var testDescription: String { file }

    func check(_ reply: SMTPReply) {
        #expect(reply.code == code)
        #expect(reply.enhancedStatus.map { "\($0)" } == status)
        #expect(reply.lines.count == lineCount)
        #expect(reply.lines.first == firstLine)
        if let lines {
            #expect(reply.lines == lines)
        }
    }
}

struct InvalidReplyFixture: Sendable, CustomTestStringConvertible {
    var file: String
    var kind: SMTPParseError.Kind
    var testDescription: String { file }
}

let validReplyFixtures: [ValidReplyFixture] = [
    ValidReplyFixture("postfix-greeting.txt", 220, first: "mail.example.test ESMTP Postfix (Debian/GNU)"),
    ValidReplyFixture("postfix-ehlo.txt", 250, lineCount: 11, first: "mail.example.test"),
    ValidReplyFixture("postfix-ehlo-tls.txt", 250, lineCount: 10, first: "mail.example.test"),
    ValidReplyFixture("postfix-rcpt-rejected.txt", 550, status: "5.1.1",
          first: "<nobody@example.test>: Recipient address rejected: User unknown in virtual mailbox table"),
    ValidReplyFixture("postfix-queued.txt", 250, status: "2.0.0", first: "Ok: queued as 4XyZ12abc"),
    ValidReplyFixture("exim-greeting.txt", 220, first: "mx.example.test ESMTP Exim 4.96 Tue, 14 Nov 2023 22:13:20 +0000"),
    ValidReplyFixture("exim-ehlo.txt", 250, lineCount: 10, first: "mx.example.test Hello client.example.test [192.0.2.10]"),
    ValidReplyFixture("exim-queued.txt", 250, first: "OK id=1abcDE-000123-AB"),
    ValidReplyFixture("office365-greeting.txt", 220,
          first: "AM0PR01CA0123.outlook.office365.com Microsoft ESMTP MAIL Service ready at Tue, 14 Nov 2023 22:13:20 +0000"),
    ValidReplyFixture("office365-ehlo.txt", 250, lineCount: 10, first: "AM0PR01CA0123.outlook.office365.com Hello [192.0.2.10]"),
    ValidReplyFixture("office365-queued.txt", 250, status: "2.6.0",
          first: "<CAF1234567890@mail.example.test> [InternalId=18734967183, Hostname=AM0PR01MB1234.eurprd01.prod.exchangelabs.com] 1843 bytes in 0.123, 14.632 KB/sec Queued mail for delivery"),
    ValidReplyFixture("office365-auth-disabled.txt", 535, status: "5.7.139",
          first: "Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information. [AM0PR01CA0123.eurprd01.prod.exchangelabs.com 2023-11-14T22:13:20.123Z 08DBE4C1A1B2C3D4]"),
    ValidReplyFixture("gmail-greeting.txt", 220, first: "smtp.gmail.com ESMTP a1b2c3d4e5f6a-1234567890abcdef.12 - gsmtp"),
    ValidReplyFixture("gmail-ehlo.txt", 250, lineCount: 8, first: "smtp.gmail.com at your service, [1.2.3.4]"),
    ValidReplyFixture("gmail-ehlo-tls.txt", 250, lineCount: 8, first: "smtp.gmail.com at your service, [1.2.3.4]"),
    ValidReplyFixture("gmail-queued.txt", 250, status: "2.0.0", first: "OK  1700000000 a1b2c3si123456.1 - gsmtp"),
    ValidReplyFixture("gmail-no-such-user.txt", 550, status: "5.1.1", first: "", lines: [
        "The email account that you tried to reach does not exist. Please try",
        "double-checking the recipient's email address for typos or",
        "unnecessary spaces. For more information, go to",
        " https://support.google.com/mail/?p=NoSuchUser a1b2c3si123456.1 - gsmtp",
    ]),
    ValidReplyFixture("gmail-xoauth2-error-challenge.txt", 334,
          first: "eyJzdGF0dXMiOiI0MDAiLCJzY2hlbWVzIjoiQmVhcmVyIiwic2NvcGUiOiJodHRwczovL21haWwuZ29vZ2xlLmNvbS8ifQ=="),
    ValidReplyFixture("sendmail-greeting.txt", 220, first: "relay.example.test ESMTP Sendmail 8.17.1/8.17.1; Tue, 14 Nov 2023 22:13:20 GMT"),
    ValidReplyFixture("sendmail-ehlo.txt", 250, lineCount: 10,
          first: "relay.example.test Hello client.example.test [192.0.2.10], pleased to meet you"),
    ValidReplyFixture("sendmail-queued.txt", 250, status: "2.0.0", first: "x9ABCD123456 Message accepted for delivery"),
    ValidReplyFixture("smtp-sink-greeting.txt", 220, first: "sink.example.test ESMTP"),
    ValidReplyFixture("smtp-sink-ehlo.txt", 250, lineCount: 10, first: "sink.example.test"),
    ValidReplyFixture("bare-lf-ehlo.txt", 250, first: "", lines: ["mail.example.test", "PIPELINING", "SIZE 1000000", "8BITMIME"]),
    ValidReplyFixture("code-only.txt", 250, first: "", lines: [""]),
    ValidReplyFixture("multiline-enhanced-421.txt", 421, status: "4.7.0", first: "", lines: [
        "Try again later, closing connection.", "(EHLO) a1b2c3si123456.1 - gsmtp",
    ]),
    ValidReplyFixture("multiline-enhanced-mixed.txt", 250, status: "2.1.0", first: "", lines: [
        "first line", "second line without a code", "last line",
    ]),
    ValidReplyFixture("enhanced-bad-class.txt", 250, first: "7.0.0 not an enhanced code (bad class)"),
    ValidReplyFixture("enhanced-class-mismatch.txt", 550, first: "2.0.0 class disagrees with the reply code"),
    ValidReplyFixture("non-utf8.txt", 250, first: "café \u{FFFD}\u{FFFD} lossy"),
]

let invalidReplyFixtures: [InvalidReplyFixture] = [
    InvalidReplyFixture(file: "garbage-http.txt", kind: .invalidReplyCode),
    InvalidReplyFixture(file: "garbage-tls-alert.bin", kind: .invalidReplyCode),
    InvalidReplyFixture(file: "garbage-1xx.txt", kind: .positivePreliminaryCode),
    InvalidReplyFixture(file: "garbage-6xx.txt", kind: .invalidReplyCode),
    InvalidReplyFixture(file: "garbage-code-changed.txt", kind: .replyCodeChanged),
    InvalidReplyFixture(file: "garbage-nul.txt", kind: .controlCharacter),
    InvalidReplyFixture(file: "garbage-bare-cr.txt", kind: .controlCharacter),
    InvalidReplyFixture(file: "garbage-separator.txt", kind: .invalidSeparator),
    InvalidReplyFixture(file: "garbage-short-code.txt", kind: .invalidReplyCode),
    InvalidReplyFixture(file: "garbage-empty-line.txt", kind: .invalidReplyCode),
]

@Suite("SMTP reply fixtures")
struct SMTPReplyFixtureTests {
    let parser = SMTPReplyParser()

    @Test("parses whole", arguments: validReplyFixtures)
    func parsesWhole(_ fixture: ValidReplyFixture) throws {
        var buffer = InputBuffer(try Fixtures.bytes(fixture.file))
        let reply = try #require(try parser.parse(&buffer))
        fixture.check(reply)
        #expect(buffer.isEmpty)
    }

    @Test("parses fed one byte at a time", arguments: validReplyFixtures)
    func parsesByteByByte(_ fixture: ValidReplyFixture) throws {
        let bytes = try Fixtures.bytes(fixture.file)
        var buffer = InputBuffer()
        for (index, byte) in bytes.enumerated() {
            buffer.append(contentsOf: [byte])
            let reply = try parser.parse(&buffer)
            if index < bytes.count - 1 {
                #expect(reply == nil, "complete after \(index + 1) of \(bytes.count) bytes")
                #expect(buffer.readableBytes == index + 1, "consumed bytes of an incomplete reply")
            } else {
                fixture.check(try #require(reply))
                #expect(buffer.isEmpty)
            }
        }
    }

    @Test("parses split at every position", arguments: validReplyFixtures)
    func parsesSplitEverywhere(_ fixture: ValidReplyFixture) throws {
        let bytes = try Fixtures.bytes(fixture.file)
        var whole = InputBuffer(bytes)
        let expected = try #require(try parser.parse(&whole))
        for split in 1..<bytes.count {
            var buffer = InputBuffer(bytes[..<split])
            #expect(try parser.parse(&buffer) == nil)
            buffer.append(contentsOf: bytes[split...])
            #expect(try parser.parse(&buffer) == expected)
            #expect(buffer.isEmpty)
        }
    }

    @Test("leaves what follows in the buffer", arguments: validReplyFixtures)
    func leavesFollowingBytes(_ fixture: ValidReplyFixture) throws {
        let bytes = try Fixtures.bytes(fixture.file)
        for junk in ["250 next reply\r\n", "\u{0}\u{1}not a reply at all", "5"] {
            var buffer = InputBuffer(bytes + Array(junk.utf8))
            fixture.check(try #require(try parser.parse(&buffer)))
            #expect(Array(buffer.readableBytesView) == Array(junk.utf8))
        }
    }

    @Test("round-trips through SMTPReply.bytes", arguments: validReplyFixtures)
    func roundTrips(_ fixture: ValidReplyFixture) throws {
        var buffer = InputBuffer(try Fixtures.bytes(fixture.file))
        let reply = try #require(try parser.parse(&buffer))
        var again = InputBuffer(reply.bytes)
        #expect(try parser.parse(&again) == reply)
    }

    @Test("rejects garbage with its bytes", arguments: invalidReplyFixtures)
    func rejectsGarbage(_ fixture: InvalidReplyFixture) throws {
        let bytes = try Fixtures.bytes(fixture.file)
        var buffer = InputBuffer(bytes)
        let error = #expect(throws: SMTPParseError.self) { try parser.parse(&buffer) }
        #expect(error?.kind == fixture.kind)
        #expect(error?.bytes.isEmpty == false)
        #expect(error.map { bytes.starts(with: $0.bytes) || $0.bytes.allSatisfy(bytes.contains) } == true)
        #expect(error?.description.contains("invalid SMTP reply") == true)
    }

    @Test("rejects garbage fed one byte at a time", arguments: invalidReplyFixtures)
    func rejectsGarbageByteByByte(_ fixture: InvalidReplyFixture) throws {
        var buffer = InputBuffer()
        var thrown: SMTPParseError?
        for byte in try Fixtures.bytes(fixture.file) {
            buffer.append(contentsOf: [byte])
            do {
                #expect(try parser.parse(&buffer) == nil)
            } catch {
                thrown = error
                break
            }
        }
        #expect(thrown?.kind == fixture.kind)
    }

    @Test func parsesPipelinedSessionOneReplyAtATime() throws {
        var buffer = InputBuffer(try Fixtures.bytes("postfix-session-server.txt"))
        var codes: [Int] = []
        while let reply = try parser.parse(&buffer) {
            codes.append(reply.code)
        }
        #expect(codes == [220, 250, 250, 250, 550, 354, 250, 221])
        #expect(buffer.isEmpty)
    }
}
