import SMTPCore
import Testing

@Suite("SMTPCommand")
struct SMTPCommandTests {
    @Test(arguments: [
        (SMTPCommand.ehlo("client.example.test"), "EHLO client.example.test\r\n", "EHLO"),
        (.helo("client.example.test"), "HELO client.example.test\r\n", "HELO"),
        (.ehlo("[192.0.2.10]"), "EHLO [192.0.2.10]\r\n", "EHLO"),
        (.startTLS, "STARTTLS\r\n", "STARTTLS"),
        (.auth(mechanism: "LOGIN", initialResponse: nil), "AUTH LOGIN\r\n", "AUTH"),
        (.auth(mechanism: "PLAIN", initialResponse: []), "AUTH PLAIN =\r\n", "AUTH"),
        (.auth(mechanism: "PLAIN", initialResponse: Array("\u{0}tim\u{0}tanstaaftanstaaf".utf8)),
         "AUTH PLAIN AHRpbQB0YW5zdGFhZnRhbnN0YWFm\r\n", "AUTH"),
        (.authResponse(Array("tim".utf8)), "dGlt\r\n", "AUTH"),
        (.authResponse([]), "\r\n", "AUTH"),
        (.mailFrom("alice@example.test"), "MAIL FROM:<alice@example.test>\r\n", "MAIL"),
        (.mailFrom(""), "MAIL FROM:<>\r\n", "MAIL"),
        (.mailFrom("alice@example.test", parameters: ["SIZE=1024", "BODY=8BITMIME", "SMTPUTF8"]),
         "MAIL FROM:<alice@example.test> SIZE=1024 BODY=8BITMIME SMTPUTF8\r\n", "MAIL"),
        (.rcptTo("bob@example.test"), "RCPT TO:<bob@example.test>\r\n", "RCPT"),
        (.rcptTo("bob@example.test", parameters: ["NOTIFY=FAILURE"]), "RCPT TO:<bob@example.test> NOTIFY=FAILURE\r\n", "RCPT"),
        (.rcptTo("\"john doe\"@example.test"), "RCPT TO:<\"john doe\"@example.test>\r\n", "RCPT"),
        (.data, "DATA\r\n", "DATA"),
        (.rset, "RSET\r\n", "RSET"),
        (.noop, "NOOP\r\n", "NOOP"),
        (.quit, "QUIT\r\n", "QUIT"),
    ] as [(SMTPCommand, String, String)])
    func encodes(command: SMTPCommand, wire: String, verb: String) throws {
        #expect(command.bytes == Array(wire.utf8))
        #expect(command.verb == verb)
        var buffer = Array("prefix".utf8)
        command.encode(into: &buffer)
        #expect(buffer == Array(("prefix" + wire).utf8))
        #expect(try SMTPCommand(validating: command) == command)
    }

    @Test(arguments: [
        (SMTPCommand.rcptTo("victim@example.test>\r\nRCPT TO:<other@example.test"), SMTPCommandError.Kind.lineBreak),
        (.mailFrom("a@example.test\nDATA"), .lineBreak),
        (.mailFrom("a@example.test\rDATA"), .lineBreak),
        (.ehlo("client\r\nMAIL FROM:<x>"), .lineBreak),
        (.helo("client\n"), .lineBreak),
        (.mailFrom("a@example.test", parameters: ["SIZE=1\r\nRSET"]), .lineBreak),
        (.auth(mechanism: "PLAIN\r\nQUIT", initialResponse: nil), .lineBreak),
        (.rcptTo("a\u{0}@example.test"), .controlCharacter),
        (.auth(mechanism: "PLAIN X", initialResponse: nil), .space),
        (.mailFrom("a@example.test", parameters: ["SIZE=1 RSET"]), .space),
        (.ehlo(""), .empty),
        (.rcptTo(""), .empty),
        (.auth(mechanism: "", initialResponse: nil), .empty),
    ] as [(SMTPCommand, SMTPCommandError.Kind)])
    func rejectsInjection(command: SMTPCommand, kind: SMTPCommandError.Kind) {
        let error = #expect(throws: SMTPCommandError.self) { try command.validate() }
        #expect(error?.kind == kind)
        #expect(error?.verb == command.verb)
        #expect(throws: SMTPCommandError.self) { try SMTPCommand(validating: command) }
    }

    @Test(arguments: [
        (SMTPCommand.auth(mechanism: "PLAIN", initialResponse: Array("\u{0}tim\u{0}secret".utf8)), "AUTH PLAIN ****"),
        (.auth(mechanism: "LOGIN", initialResponse: nil), "AUTH LOGIN"),
        (.auth(mechanism: "PLAIN", initialResponse: []), "AUTH PLAIN ="),
        (.authResponse(Array("secret".utf8)), "****"),
        (.authResponse([]), ""),
        (.mailFrom("alice@example.test", parameters: ["SIZE=10"]), "MAIL FROM:<alice@example.test> SIZE=10"),
        (.rcptTo("bob@example.test"), "RCPT TO:<bob@example.test>"),
        (.ehlo("client.example.test"), "EHLO client.example.test"),
        (.quit, "QUIT"),
    ] as [(SMTPCommand, String)])
    func redactsSecrets(command: SMTPCommand, expected: String) {
        #expect(command.redactedDescription == expected)
        #expect(command.description == expected)
        #expect(!"\(command)".contains("secret"))
        #expect(!"\(command)".contains("c2VjcmV0"))
    }
}
