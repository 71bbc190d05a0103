import MailCore
import Testing

@Suite("SASLClient")
struct SASLClientTests {
    let tim = SASLCredentials(user: "tim", secret: "tanstaaftanstaaf")

    @Test func plain() throws {
        var client = SASLClient(mechanism: .plain, credentials: tim)
        let response = try #require(client.initialResponse)
        #expect(response == Array("\u{0}tim\u{0}tanstaaftanstaaf".utf8))
        #expect(SASLClient.encodeResponse(response) == "AHRpbQB0YW5zdGFhZnRhbnN0YWFm")
        // A server that takes no initial response asks with an empty challenge.
        #expect(try client.respond(toChallenge: []) == response)
        let error = #expect(throws: SASLError.self) { try client.respond(toChallenge: []) }
        #expect(error?.kind == .unexpectedChallenge)
    }

    @Test func plainWithAuthorizationID() {
        let client = SASLClient(mechanism: .plain,
                                credentials: SASLCredentials(user: "tim", secret: "pw", authorizationID: "admin"))
        #expect(client.initialResponse == Array("admin\u{0}tim\u{0}pw".utf8))
    }

    @Test func plainRejectsANonEmptyChallenge() {
        var client = SASLClient(mechanism: .plain, credentials: tim)
        #expect(throws: SASLError.self) { try client.respond(toChallenge: Array("what?".utf8)) }
    }

    @Test func login() throws {
        var client = SASLClient(mechanism: .login, credentials: tim)
        #expect(client.initialResponse == nil)
        #expect(try client.respond(toChallenge: SASLClient.decodeChallenge("VXNlcm5hbWU6")) == Array("tim".utf8))
        #expect(try client.respond(toChallenge: SASLClient.decodeChallenge("UGFzc3dvcmQ6"))
            == Array("tanstaaftanstaaf".utf8))
        let error = #expect(throws: SASLError.self) { try client.respond(toChallenge: Array("More:".utf8)) }
        #expect(error?.kind == .unexpectedChallenge)
        #expect(error?.step == 2)
    }

    @Test func loginIgnoresChallengeText() throws {
        var client = SASLClient(mechanism: .login, credentials: tim)
        #expect(try client.respond(toChallenge: []) == Array("tim".utf8))
        #expect(try client.respond(toChallenge: Array("anything".utf8)) == Array("tanstaaftanstaaf".utf8))
    }

    /// RFC 2195 §2.
    @Test func cramMD5() throws {
        var client = SASLClient(mechanism: .cramMD5, credentials: tim)
        #expect(client.initialResponse == nil)
        let challenge = try SASLClient.decodeChallenge("PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+")
        #expect(challenge == Array("<1896.697170952@postoffice.reston.mci.net>".utf8))
        let response = try client.respond(toChallenge: challenge)
        #expect(String(decoding: response, as: UTF8.self) == "tim b913a602c7eda7a495b4e6e7334d3890")
        #expect(SASLClient.encodeResponse(response) == "dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw")
        #expect(throws: SASLError.self) { try client.respond(toChallenge: challenge) }
    }

    @Test func cramMD5NeedsAChallenge() {
        var client = SASLClient(mechanism: .cramMD5, credentials: tim)
        let error = #expect(throws: SASLError.self) { try client.respond(toChallenge: []) }
        #expect(error?.kind == .emptyChallenge)
    }

    /// Google's documented example.
    @Test func xoauth2() throws {
        let client = SASLClient(mechanism: .xoauth2,
                                credentials: SASLCredentials(user: "someuser@example.com",
                                                             secret: "ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg"))
        let response = try #require(client.initialResponse)
        #expect(SASLClient.encodeResponse(response)
            == "dXNlcj1zb21ldXNlckBleGFtcGxlLmNvbQFhdXRoPUJlYXJlciB5YTI5LnZGOWRmdDRxbVRjMk52YjNSbGNrQmhkSFJoZG1semRHRXVZMjl0Q2cBAQ==")
    }

    @Test func xoauth2ErrorChallenge() throws {
        var client = SASLClient(mechanism: .xoauth2, credentials: SASLCredentials(user: "u@example.test", secret: "expired"))
        _ = client.initialResponse
        let challenge = try SASLClient.decodeChallenge(
            "eyJzdGF0dXMiOiI0MDAiLCJzY2hlbWVzIjoiQmVhcmVyIiwic2NvcGUiOiJodHRwczovL21haWwuZ29vZ2xlLmNvbS8ifQ==")
        #expect(try client.respond(toChallenge: challenge) == [])
        #expect(client.serverErrorDetail == #"{"status":"400","schemes":"Bearer","scope":"https://mail.google.com/"}"#)
        #expect(throws: SASLError.self) { try client.respond(toChallenge: challenge) }
    }

    @Test func xoauth2WithoutInitialResponse() throws {
        var client = SASLClient(mechanism: .xoauth2, credentials: SASLCredentials(user: "u", secret: "t"))
        #expect(try client.respond(toChallenge: []) == Array("user=u\u{1}auth=Bearer t\u{1}\u{1}".utf8))
        #expect(try client.respond(toChallenge: Array("{\"status\":\"401\"}".utf8)) == [])
        #expect(client.serverErrorDetail == "{\"status\":\"401\"}")
    }

    /// RFC 7628 §4.1.
    @Test func oauthBearer() throws {
        let client = SASLClient(mechanism: .oauthBearer,
                                credentials: SASLCredentials(user: "user@example.com",
                                                             secret: "vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg=="),
                                host: "server.example.com", port: 143)
        let response = try #require(client.initialResponse)
        #expect(response == Array(
            "n,a=user@example.com,\u{1}host=server.example.com\u{1}port=143\u{1}auth=Bearer vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==\u{1}\u{1}".utf8))
        #expect(SASLClient.encodeResponse(response)
            == "bixhPXVzZXJAZXhhbXBsZS5jb20sAWhvc3Q9c2VydmVyLmV4YW1wbGUuY29tAXBvcnQ9MTQzAWF1dGg9QmVhcmVyIHZGOWRmdDRxbVRjMk52YjNSbGNrQmhiSFJoZG1semRHRXVZMjl0Q2c9PQEB")
    }

    @Test func oauthBearerEscapesAndOmitsUnknownHost() {
        let client = SASLClient(mechanism: .oauthBearer, credentials: SASLCredentials(user: "a,b=c", secret: "t"),
                                host: "", port: 0)
        #expect(client.initialResponse == Array("n,a=a=2Cb=3Dc,\u{1}auth=Bearer t\u{1}\u{1}".utf8))
    }

    /// RFC 7628 §3.2.3: after an error challenge the client sends a single %x01.
    @Test func oauthBearerErrorChallenge() throws {
        var client = SASLClient(mechanism: .oauthBearer, credentials: SASLCredentials(user: "u", secret: "t"))
        #expect(try client.respond(toChallenge: Array(#"{"status":"invalid_token"}"#.utf8)) == [0x01])
        #expect(client.serverErrorDetail == #"{"status":"invalid_token"}"#)
    }

    @Test(arguments: SASLMechanismName.allCases)
    func descriptionsNeverShowSecrets(mechanism: SASLMechanismName) throws {
        let credentials = SASLCredentials(user: "tim", secret: "hunter2-secret")
        var client = SASLClient(mechanism: mechanism, credentials: credentials, host: "h", port: 1)
        _ = try? client.respond(toChallenge: Array("c".utf8))
        for text in ["\(client)", String(reflecting: client), "\(credentials)", String(reflecting: credentials)] {
            #expect(!text.contains("hunter2"))
            #expect(text.contains("tim"))
        }
        #expect(mechanism.hasInitialResponse == (client.initialResponse != nil))
    }

    @Test func decodeChallenge() throws {
        #expect(try SASLClient.decodeChallenge("") == [])
        #expect(try SASLClient.decodeChallenge(" ") == [])
        #expect(try SASLClient.decodeChallenge("=") == [])
        #expect(try SASLClient.decodeChallenge(" dGlt ") == Array("tim".utf8))
        let error = #expect(throws: SASLError.self) { try SASLClient.decodeChallenge("not base64!") }
        #expect(error?.kind == .invalidBase64)
    }

    @Test func mechanismNames() {
        #expect(SASLMechanismName(rawValue: "CRAM-MD5") == .cramMD5)
        #expect(SASLMechanismName.allCases.map(\.rawValue) == ["PLAIN", "LOGIN", "CRAM-MD5", "XOAUTH2", "OAUTHBEARER"])
    }
}
