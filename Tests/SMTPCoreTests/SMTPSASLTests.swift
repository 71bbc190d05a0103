import MailCore
import SMTPCore
import Testing

/// SASL over SMTP AUTH (RFC 4954), as transcripts: the client's lines come
/// from ``SASLClient`` and ``SMTPCommand``, the server's from the reply parser.
@Suite("SMTP AUTH encodings")
struct SMTPSASLTests {
    let tim = SASLCredentials(user: "tim", secret: "tanstaaftanstaaf")

    func challenge(_ serverLine: String) throws -> [UInt8] {
        var buffer = InputBuffer(serverLine)
        let reply = try #require(try SMTPReplyParser().parse(&buffer))
        #expect(reply.code == 334)
        return try SASLClient.decodeChallenge(reply.lines.first ?? "")
    }

    func wire(_ command: SMTPCommand) -> String {
        String(decoding: command.bytes, as: UTF8.self)
    }

    @Test func plain() {
        let client = SASLClient(mechanism: .plain, credentials: tim)
        #expect(wire(.auth(mechanism: "PLAIN", initialResponse: client.initialResponse))
            == "AUTH PLAIN AHRpbQB0YW5zdGFhZnRhbnN0YWFm\r\n")
        let other = SASLClient(mechanism: .plain, credentials: SASLCredentials(user: "alice", secret: "secret"))
        #expect(wire(.auth(mechanism: "PLAIN", initialResponse: other.initialResponse))
            == "AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n")
    }

    @Test func plainWithoutInitialResponse() throws {
        var client = SASLClient(mechanism: .plain, credentials: tim)
        #expect(wire(.auth(mechanism: "PLAIN", initialResponse: nil)) == "AUTH PLAIN\r\n")
        let response = try client.respond(toChallenge: try challenge("334 \r\n"))
        #expect(wire(.authResponse(response)) == "AHRpbQB0YW5zdGFhZnRhbnN0YWFm\r\n")
    }

    @Test func login() throws {
        var client = SASLClient(mechanism: .login, credentials: tim)
        #expect(wire(.auth(mechanism: "LOGIN", initialResponse: client.initialResponse)) == "AUTH LOGIN\r\n")
        let user = try client.respond(toChallenge: try challenge("334 VXNlcm5hbWU6\r\n"))
        #expect(wire(.authResponse(user)) == "dGlt\r\n")
        let password = try client.respond(toChallenge: try challenge("334 UGFzc3dvcmQ6\r\n"))
        #expect(wire(.authResponse(password)) == "dGFuc3RhYWZ0YW5zdGFhZg==\r\n")
        #expect(SMTPCommand.authResponse(password).redactedDescription == "****")
        #expect(throws: SASLError.self) { try client.respond(toChallenge: try challenge("334 VXNlcm5hbWU6\r\n")) }
    }

    /// RFC 2195 §2.
    @Test func cramMD5() throws {
        var client = SASLClient(mechanism: .cramMD5, credentials: tim)
        #expect(wire(.auth(mechanism: "CRAM-MD5", initialResponse: client.initialResponse)) == "AUTH CRAM-MD5\r\n")
        let response = try client.respond(
            toChallenge: try challenge("334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+\r\n"))
        #expect(wire(.authResponse(response)) == "dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw\r\n")
    }

    /// Gmail refuses an expired token with a JSON challenge; the client answers
    /// with an empty line and the server sends 535.
    @Test func xoauth2ErrorChallenge() throws {
        var client = SASLClient(mechanism: .xoauth2, credentials: SASLCredentials(user: "u@example.test", secret: "expired"))
        let command = SMTPCommand.auth(mechanism: "XOAUTH2", initialResponse: client.initialResponse)
        #expect(wire(command) == "AUTH XOAUTH2 dXNlcj11QGV4YW1wbGUudGVzdAFhdXRoPUJlYXJlciBleHBpcmVkAQE=\r\n")
        #expect(command.redactedDescription == "AUTH XOAUTH2 ****")
        var buffer = InputBuffer(try Fixtures.bytes("gmail-xoauth2-error-challenge.txt"))
        let reply = try #require(try SMTPReplyParser().parse(&buffer))
        let response = try client.respond(toChallenge: try SASLClient.decodeChallenge(reply.lines[0]))
        #expect(wire(.authResponse(response)) == "\r\n")
        #expect(client.serverErrorDetail?.contains(#""status":"400""#) == true)
    }
}
