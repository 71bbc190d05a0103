import MailCore
import SMTPCore
import Testing

struct CapabilitiesFixture: Sendable, CustomTestStringConvertible {
    var file: String
    var serverName: String
    var pipelining = false
    var size: Int?
    var eightBitMIME = false
    var smtpUTF8 = false
    var startTLS = false
    var authMechanisms: [String] = []
    var chunking = false
    var dsn = false
    var enhancedStatusCodes = false
    var binaryMIME = false
    var testDescription: String { file }
}

let capabilitiesFixtures: [CapabilitiesFixture] = [
    CapabilitiesFixture(
        file: "postfix-ehlo.txt", serverName: "mail.example.test", pipelining: true, size: 10_240_000,
        eightBitMIME: true, smtpUTF8: true, startTLS: true, chunking: true, dsn: true, enhancedStatusCodes: true
    ),
    CapabilitiesFixture(
        file: "postfix-ehlo-tls.txt", serverName: "mail.example.test", pipelining: true, size: 10_240_000,
        eightBitMIME: true, authMechanisms: ["PLAIN", "LOGIN"], chunking: true, dsn: true, enhancedStatusCodes: true
    ),
    CapabilitiesFixture(
        file: "exim-ehlo.txt", serverName: "mx.example.test", pipelining: true, size: 52_428_800,
        eightBitMIME: true, startTLS: true, authMechanisms: ["PLAIN", "LOGIN"], chunking: true
    ),
    CapabilitiesFixture(
        file: "office365-ehlo.txt", serverName: "AM0PR01CA0123.outlook.office365.com", pipelining: true,
        size: 157_286_400, eightBitMIME: true, smtpUTF8: true, authMechanisms: ["LOGIN", "XOAUTH2"], chunking: true,
        dsn: true, enhancedStatusCodes: true, binaryMIME: true
    ),
    CapabilitiesFixture(
        file: "gmail-ehlo.txt", serverName: "smtp.gmail.com", pipelining: true, size: 35_882_577,
        eightBitMIME: true, smtpUTF8: true, startTLS: true, chunking: true, enhancedStatusCodes: true
    ),
    CapabilitiesFixture(
        file: "gmail-ehlo-tls.txt", serverName: "smtp.gmail.com", pipelining: true, size: 35_882_577,
        eightBitMIME: true, smtpUTF8: true,
        authMechanisms: ["LOGIN", "PLAIN", "XOAUTH2", "PLAIN-CLIENTTOKEN", "OAUTHBEARER", "XOAUTH"],
        chunking: true, enhancedStatusCodes: true
    ),
    CapabilitiesFixture(
        file: "sendmail-ehlo.txt", serverName: "relay.example.test", pipelining: true, size: 0,
        eightBitMIME: true, authMechanisms: ["LOGIN", "PLAIN", "CRAM-MD5"], dsn: true, enhancedStatusCodes: true
    ),
    CapabilitiesFixture(
        file: "smtp-sink-ehlo.txt", serverName: "sink.example.test", pipelining: true, size: 0,
        eightBitMIME: true, smtpUTF8: true, authMechanisms: ["PLAIN", "LOGIN"], enhancedStatusCodes: true
    ),
    CapabilitiesFixture(file: "bare-lf-ehlo.txt", serverName: "mail.example.test", pipelining: true, size: 1_000_000, eightBitMIME: true),
]

@Suite("SMTPCapabilities")
struct SMTPCapabilitiesTests {
    @Test(arguments: capabilitiesFixtures)
    func fromFixture(_ expected: CapabilitiesFixture) throws {
        var buffer = InputBuffer(try Fixtures.bytes(expected.file))
        let capabilities = SMTPCapabilities(ehloReply: try #require(try SMTPReplyParser().parse(&buffer)))
        #expect(capabilities.serverName == expected.serverName)
        #expect(capabilities.pipelining == expected.pipelining)
        #expect(capabilities.size == expected.size)
        #expect(capabilities.eightBitMIME == expected.eightBitMIME)
        #expect(capabilities.smtpUTF8 == expected.smtpUTF8)
        #expect(capabilities.startTLS == expected.startTLS)
        #expect(capabilities.authMechanisms == expected.authMechanisms)
        #expect(capabilities.chunking == expected.chunking)
        #expect(capabilities.dsn == expected.dsn)
        #expect(capabilities.enhancedStatusCodes == expected.enhancedStatusCodes)
        #expect(capabilities.binaryMIME == expected.binaryMIME)
    }

    @Test func keywordsAreCaseInsensitiveAndParametersKept() {
        let reply = SMTPReply(code: 250, lines: [
            "mx.example.test greets you", "pipelining", "Size 2048", "auth=login", "Auth plain Login cram-md5",
            "XCLIENT NAME ADDR", "8bitmime", "",
        ])
        let capabilities = SMTPCapabilities(ehloReply: reply)
        #expect(capabilities.pipelining)
        #expect(capabilities.size == 2048)
        #expect(capabilities.eightBitMIME)
        #expect(capabilities.authMechanisms == ["LOGIN", "PLAIN", "CRAM-MD5"])
        #expect(capabilities.extensions["XCLIENT"] == ["NAME", "ADDR"])
        #expect(capabilities.supports("xclient"))
        #expect(capabilities.parameters(of: "size") == ["2048"])
        #expect(!capabilities.supports("STARTTLS"))
        #expect(capabilities.description == "mx.example.test: 8BITMIME AUTH(LOGIN PLAIN CRAM-MD5) PIPELINING SIZE(2048) XCLIENT(NAME ADDR)")
    }

    @Test func singleLineReplyHasNoExtensions() {
        let capabilities = SMTPCapabilities(ehloReply: SMTPReply(code: 250, lines: ["mail.example.test"]))
        #expect(capabilities.serverName == "mail.example.test")
        #expect(capabilities.extensions.isEmpty)
        #expect(capabilities.size == nil)
        #expect(capabilities.authMechanisms.isEmpty)
    }
}
