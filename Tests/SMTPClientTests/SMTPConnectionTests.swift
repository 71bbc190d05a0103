import MailCore
import MailTestKit
import MailTransport
import SMTPClient
import SMTPCore
import Testing

/// The async client against scripted servers: security rules, attribution of
/// pipelined replies, timing, timeouts and hostile input.
@Suite struct SMTPConnectionTests {
    static let message = Array("Subject: test\r\n\r\nHello\r\n.leading dot\r\n".utf8)
    static let envelope = SMTPEnvelope(sender: "alice@example.test", recipients: ["bob@example.test"])

    func configuration(_ server: ScriptedServer, security: SMTPClientConfiguration.Security = .plain,
                       authentication: SMTPAuthentication? = nil, timeout: Duration = .seconds(10)) -> SMTPClientConfiguration {
        SMTPClientConfiguration(host: "127.0.0.1", port: server.port, security: security,
                                tls: TLSConfiguration(serverName: "localhost", caFile: TestCertificates.caFile),
                                clientHostname: "client.test", authentication: authentication,
                                timeouts: .uniform(timeout), recordsTrace: true)
    }

    static let pipelinedSession: [ScriptedServer.Step] = [
        .send("220 mx.test ESMTP\r\n"),
        .expect("EHLO client.test"),
        .send("250-mx.test\r\n250-PIPELINING\r\n250 8BITMIME\r\n"),
    ]

    @Test func pipelinedRepliesAreEachAttributedAndTimed() async throws {
        let server = try ScriptedServer(Self.pipelinedSession + [
            .expect("MAIL FROM:<alice@example.test>"), .expect("RCPT TO:<bob@example.test>"), .expect("DATA"),
            .sleep(.milliseconds(100)), .send("250 2.1.0 Ok\r\n"),
            .sleep(.milliseconds(100)), .send("250 2.1.5 Ok\r\n"),
            .sleep(.milliseconds(100)), .send("354 go ahead\r\n"),
            .expectMessage, .sleep(.milliseconds(200)), .send("250 2.0.0 Ok: queued as 7F3A\r\n"),
            .expect("QUIT"), .send("221 bye\r\n"),
        ])
        let smtp = SMTPConnection(configuration: configuration(server))
        try await smtp.connect()
        let result = try await smtp.send(Self.message, envelope: Self.envelope)
        try await smtp.quit()
        #expect(result.queueID == "7F3A")
        #expect(result.timings.map(\.phase) == [.mailFrom, .rcptTo, .data, .dataAccepted])
        let ms = Dictionary(uniqueKeysWithValues: result.timings.map { ($0.phase, $0.milliseconds) })
        #expect(ms[.mailFrom]! >= 100 && ms[.mailFrom]! < 1_500)
        #expect(ms[.rcptTo]! >= 200 && ms[.rcptTo]! < 1_600)
        #expect(ms[.data]! >= 300 && ms[.data]! < 1_700)
        #expect(ms[.dataAccepted]! >= 200 && ms[.dataAccepted]! < 1_500)
        let lines = try await server.received()
        #expect(lines.contains("..leading dot"), "dot-stuffing")
        #expect(smtp.timings.map(\.phase) == [.dns, .connect, .greeting, .ehlo, .mailFrom, .rcptTo, .data, .dataAccepted, .quit])
    }

    @Test func startTLSDiscardsBytesInjectedBeforeTheHandshake() async throws {
        let server = try ScriptedServer([
            .send("220 mx.test ESMTP\r\n"),
            .expect("EHLO"),
            .send("250-mx.test\r\n250 STARTTLS\r\n"),
            .expect("STARTTLS"),
            // A man in the middle appends a fake EHLO reply that offers nothing.
            .send("220 2.0.0 Ready\r\n250-injected\r\n250 AUTH NONE\r\n"),
            .startTLS,
            .expect("EHLO"),
            .send("250-mx.test\r\n250 AUTH PLAIN\r\n"),
            .expect("AUTH PLAIN "),
            .send("235 2.7.0 ok\r\n"),
            .expect("QUIT"), .send("221 bye\r\n"),
        ])
        let smtp = SMTPConnection(configuration: configuration(
            server, security: .startTLS,
            authentication: SMTPAuthentication(user: "alice", secret: .password("secret"))))
        try await smtp.connect()
        #expect(smtp.capabilities?.authMechanisms == ["PLAIN"])
        #expect(smtp.tlsSession?.verified == true)
        #expect(smtp.trace.contains { $0.direction == .note && $0.text.contains("discarded") })
        #expect(!smtp.trace.contains { $0.direction == .received && $0.text.contains("injected") })
        #expect(smtp.trace.contains { $0.text == "AUTH PLAIN ****" })
        #expect(!smtp.trace.contains { $0.text.contains("c2VjcmV0") || $0.text.contains("secret") })
        #expect(smtp.timings.map(\.phase).contains(.starttls))
        try await smtp.quit()
        _ = try await server.received()
    }

    @Test func requiredTLSNotOfferedSendsNoCredentials() async throws {
        let server = try ScriptedServer([
            .send("220 mx.test ESMTP\r\n"), .expect("EHLO"), .send("250-mx.test\r\n250 AUTH PLAIN LOGIN\r\n"),
        ])
        let smtp = SMTPConnection(configuration: configuration(
            server, security: .startTLS, authentication: SMTPAuthentication(user: "a", secret: .password("pw"))))
        let error = await #expect(throws: SMTPError.self) { try await smtp.connect() }
        #expect(error?.code == .tlsNotOffered)
        #expect(error?.phase == .starttls)
        #expect(!smtp.trace.contains { $0.direction == .sent && $0.text.hasPrefix("AUTH") })
    }

    @Test func heloFallback() async throws {
        let server = try ScriptedServer([
            .send("220 old.test\r\n"), .expect("EHLO"), .send("500 5.5.1 what?\r\n"),
            .expect("HELO client.test"), .send("250 old.test\r\n"),
            .expect("MAIL FROM:<alice@example.test>"), .send("250 ok\r\n"),
            .expect("RCPT TO:<bob@example.test>"), .send("250 ok\r\n"),
            .expect("DATA"), .send("354 go\r\n"), .expectMessage, .send("250 ok queued\r\n"),
        ])
        let smtp = SMTPConnection(configuration: configuration(server))
        try await smtp.connect()
        _ = try await smtp.send(Self.message, envelope: Self.envelope)
        #expect(smtp.timings.map(\.phase).contains(.helo))
    }

    @Test func replyTimeoutNamesThePhase() async throws {
        let server = try ScriptedServer([
            .send("220 mx.test ESMTP\r\n"), .expect("EHLO"), .sleep(.seconds(5)),
        ])
        let smtp = SMTPConnection(configuration: configuration(server, timeout: .milliseconds(300)))
        let start = ContinuousClock.now
        let error = await #expect(throws: SMTPError.self) { try await smtp.connect() }
        let elapsed = start.duration(to: .now)
        #expect(error?.code == .timedOut)
        #expect(error?.phase == .ehlo)
        #expect(elapsed >= .milliseconds(300) && elapsed < .seconds(3))
    }

    @Test(arguments: [
        ("HTTP/1.1 400 Bad Request\r\n", SMTPPhase.greeting),
        ("220-mx.test\r\n250 mixed codes\r\n", SMTPPhase.greeting),
        ("\u{16}\u{03}\u{01}\u{00}\r\n", SMTPPhase.greeting),
    ])
    func garbageIsAProtocolErrorQuotingTheBytes(garbage: String, phase: SMTPPhase) async throws {
        let server = try ScriptedServer([.send(garbage), .sleep(.seconds(2))])
        let smtp = SMTPConnection(configuration: configuration(server))
        let error = await #expect(throws: SMTPError.self) { try await smtp.connect() }
        #expect(error?.code == .protocolViolation)
        #expect(error?.phase == phase)
    }

    @Test func endlessLineIsRefusedNotBuffered() async throws {
        let server = try ScriptedServer([.send("220 " + String(repeating: "x", count: 200_000)), .sleep(.seconds(2))])
        let smtp = SMTPConnection(configuration: configuration(server))
        let error = await #expect(throws: SMTPError.self) { try await smtp.connect() }
        #expect(error?.code == .protocolViolation)
    }

    @Test func serverClosingMidSessionIsReported() async throws {
        let server = try ScriptedServer(Self.pipelinedSession + [.expect("MAIL"), .close])
        let smtp = SMTPConnection(configuration: configuration(server))
        try await smtp.connect()
        let error = await #expect(throws: SMTPError.self) { _ = try await smtp.send(Self.message, envelope: Self.envelope) }
        #expect(error?.code == .connectionClosed)
        #expect(error?.phase == .mailFrom)
    }

    @Test func bareLineFeedRepliesAreAccepted() async throws {
        let server = try ScriptedServer([
            .send("220 mx.test\n"), .expect("EHLO"), .send("250-mx.test\n250 SIZE 100000\n"),
            .expect("QUIT"), .send("221 bye\n"),
        ])
        let smtp = SMTPConnection(configuration: configuration(server))
        try await smtp.connect()
        #expect(smtp.capabilities?.size == 100_000)
        try await smtp.quit()
    }

    @Test func xoauth2ErrorChallengeIsAnsweredAndReported() async throws {
        let server = try ScriptedServer([
            .send("220 mx.test\r\n"), .expect("EHLO"), .send("250-mx.test\r\n250 AUTH XOAUTH2\r\n"),
            .expect("AUTH XOAUTH2 "),
            .send("334 eyJzdGF0dXMiOiI0MDAiLCJzY2hlbWVzIjoiQmVhcmVyIiwic2NvcGUiOiJodHRwczovL21haWwuZ29vZ2xlLmNvbS8ifQ==\r\n"),
            .expect(""), .send("535-5.7.8 Username and Password not accepted.\r\n535 5.7.8 https://support.example\r\n"),
        ])
        let smtp = SMTPConnection(configuration: configuration(
            server, authentication: SMTPAuthentication(user: "alice@example.test", secret: .oauth2Token("ya29.token"))))
        let error = await #expect(throws: SMTPError.self) { try await smtp.connect() }
        #expect(error?.code == .authenticationFailed)
        #expect(error?.reply?.code == 535)
        #expect(error?.description.contains("400") == true)
        #expect(error?.description.contains("ya29") == false)
        _ = try await server.received()
    }

    @Test func observerSeesTransportAndProtocolEvents() async throws {
        let recorder = RecordingObserver()
        let server = try ScriptedServer([.send("220 mx.test\r\n"), .expect("EHLO"), .send("250 mx.test\r\n"),
                                         .expect("QUIT"), .send("221 bye\r\n")])
        var config = configuration(server)
        config.observer = recorder
        let smtp = SMTPConnection(configuration: config)
        try await smtp.connect()
        try await smtp.quit()
        let kinds = recorder.events.map { "\($0.kind)" }
        #expect(kinds.contains { $0.hasPrefix("connected") })
        #expect(kinds.contains { $0.contains("phaseCompleted(\"ehlo\"") })
        #expect(kinds.contains { $0.contains("lineSent(\"EHLO client.test\")") })
        let instants = recorder.events.map(\.instant)
        #expect(instants == instants.sorted(), "events arrive in time order")
    }
}

