import IMAPClient
import IMAPCore
import MailCore
import MailTestKit
import MailTransport
import Testing

/// The async client against scripted servers: security rules, SASL, literals,
/// concurrent commands, IDLE and polling, timing, timeouts and hostile input.
/// Tags are predictable: A0001, A0002, … in the order the client sends commands.
@Suite(.timeLimit(.minutes(1))) struct IMAPConnectionTests {
    static let alice = MailAuthentication(user: "alice", secret: .password("secret"))
    /// base64("\0alice\0secret"), the AUTHENTICATE PLAIN response.
    static let plainResponse = "AGFsaWNlAHNlY3JldA=="
    static let message = "Subject: hello\r\n\r\nHello, world\r\n"

    func configuration(_ server: ScriptedServer, security: IMAPClientConfiguration.Security = .plain,
                       authentication: MailAuthentication? = Self.alice, timeout: Duration = .seconds(10),
                       pollInterval: Duration = .seconds(15)) -> IMAPClientConfiguration {
        IMAPClientConfiguration(host: "127.0.0.1", port: server.port, security: security,
                                tls: TLSConfiguration(serverName: "localhost", caFile: TestCertificates.caFile),
                                authentication: authentication,
                                // Connecting gets its own, generous limit: only commands are meant to time out.
                                timeouts: .init(connect: .seconds(10), tlsHandshake: .seconds(10), command: timeout),
                                pollInterval: pollInterval, recordsTrace: true)
    }

    /// S: greeting with `capabilities`; C: A0001 LOGIN (clear text, security `.plain`).
    static func loggedIn(_ capabilities: String = "IMAP4rev1 IDLE UIDPLUS") -> [ScriptedServer.Step] {
        [
            .send("* OK [CAPABILITY \(capabilities)] ready\r\n"),
            .expect("A0001 LOGIN alice secret"),
            .send("A0001 OK [CAPABILITY \(capabilities)] Logged in\r\n"),
        ]
    }

    static func selectInbox(_ tag: String, then extra: String = "") -> [ScriptedServer.Step] {
        [
            .expect("\(tag) SELECT INBOX"),
            .send("* FLAGS (\\Seen \\Deleted)\r\n* 4 EXISTS\r\n* OK [UIDVALIDITY 1700000000] UIDs valid\r\n"
                + "* OK [UIDNEXT 8] Predicted next UID\r\n\(tag) OK [READ-WRITE] SELECT completed\r\n\(extra)"),
        ]
    }

    static func logout(_ tag: String) -> [ScriptedServer.Step] {
        [.expect("\(tag) LOGOUT"), .send("* BYE Logging out\r\n\(tag) OK Logout completed\r\n")]
    }

    /// Every notification left in the stream; call once the connection is closed.
    static func drain(_ stream: AsyncStream<IMAPNotificationEvent>) async -> [IMAPNotification] {
        var news: [IMAPNotification] = []
        for await event in stream { news.append(event.notification) }
        return news
    }

    // MARK: - TLS and authentication

    @Test func startTLSDiscardsPlaintextInjectedAfterTheOK() async throws {
        let server = try ScriptedServer([
            .send("* OK IMAP4rev1 ready\r\n"),
            .expect("A0001 CAPABILITY"),
            .send("* CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED\r\nA0001 OK done\r\n"),
            .expect("A0002 STARTTLS"),
            // A man in the middle appends a capability response that offers a way in without a password.
            .send("A0002 OK Begin TLS\r\n* OK [CAPABILITY IMAP4rev1 AUTH=NONE] injected\r\n"),
            .startTLS,
            .expect("A0003 CAPABILITY"),
            .send("* CAPABILITY IMAP4rev1 AUTH=PLAIN SASL-IR IDLE\r\nA0003 OK done\r\n"),
            .expect("A0004 AUTHENTICATE PLAIN \(Self.plainResponse)"),
            .send("A0004 OK [CAPABILITY IMAP4rev1 IDLE] Logged in\r\n"),
        ] + Self.logout("A0005"))
        let imap = IMAPConnection(configuration: configuration(server, security: .startTLS))
        try await imap.connect()
        #expect(await imap.capabilities == [.imap4rev1, .idle])
        #expect(await imap.sessionState == .authenticated)
        #expect(await imap.tlsSession?.verified == true)
        let trace = await imap.trace
        #expect(trace.contains { $0.direction == .note && $0.text.contains("discarded") })
        #expect(!trace.contains { $0.text.contains("injected") || $0.text.contains("AUTH=NONE") })
        #expect(trace.contains { $0.direction == .sent && $0.text == "A0004 AUTHENTICATE PLAIN ****" })
        #expect(await imap.timings.map(\.phase).contains(.starttls))
        try await imap.logout()
        #expect(try await server.received() == [
            "A0001 CAPABILITY", "A0002 STARTTLS", "A0003 CAPABILITY",
            "A0004 AUTHENTICATE PLAIN \(Self.plainResponse)", "A0005 LOGOUT",
        ])
    }

    @Test func requiredTLSNotOfferedSendsNoCredentials() async throws {
        let server = try ScriptedServer([
            .send("* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN LOGIN-REFERRALS] ready\r\n"), .sleep(.seconds(2)),
        ])
        let imap = IMAPConnection(configuration: configuration(server, security: .startTLS))
        let error = await #expect(throws: IMAPError.self) { try await imap.connect() }
        #expect(error?.code == .tlsNotOffered)
        #expect(error?.phase == .starttls)
        #expect(await !imap.trace.contains { $0.direction == .sent })
    }

    @Test func preauthGreetingWithRequiredTLSIsAnError() async throws {
        let server = try ScriptedServer([
            .send("* PREAUTH [CAPABILITY IMAP4rev1 STARTTLS] Logged in as alice\r\n"), .sleep(.seconds(2)),
        ])
        let imap = IMAPConnection(configuration: configuration(server, security: .startTLS))
        let error = await #expect(throws: IMAPError.self) { try await imap.connect() }
        #expect(error?.code == .tlsNotOffered)
        #expect(error?.phase == .greeting)
        #expect(error?.response?.status == .preauth)
        #expect(await !imap.trace.contains { $0.direction == .sent })
    }

    @Test func loginDisabledWithoutPlainIsAuthenticationUnavailable() async throws {
        let server = try ScriptedServer([
            .send("* OK [CAPABILITY IMAP4rev1 LOGINDISABLED AUTH=GSSAPI] ready\r\n"), .sleep(.seconds(2)),
        ])
        let imap = IMAPConnection(configuration: configuration(server))
        let error = await #expect(throws: IMAPError.self) { try await imap.connect() }
        #expect(error?.code == .authenticationUnavailable)
        #expect(error?.phase == .auth)
        #expect(error?.message.contains("LOGIN") == true)
        #expect(await !imap.trace.contains { $0.direction == .sent })
    }

    @Test func authenticatePlainWithSASLIR() async throws {
        let server = try ScriptedServer([
            .send("* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN SASL-IR] ready\r\n"),
            .expect("A0001 AUTHENTICATE PLAIN "),
            .send("A0001 OK [CAPABILITY IMAP4rev1 IDLE] Logged in\r\n"),
        ] + Self.logout("A0002"))
        let imap = IMAPConnection(configuration: configuration(server))
        try await imap.connect()
        try await imap.logout()
        #expect(try await server.received() == ["A0001 AUTHENTICATE PLAIN \(Self.plainResponse)", "A0002 LOGOUT"])
        let trace = await imap.trace
        #expect(trace.contains { $0.direction == .sent && $0.text == "A0001 AUTHENTICATE PLAIN ****" })
        #expect(!trace.contains { $0.text.contains(Self.plainResponse) || $0.text.contains("secret") })
    }

    @Test func authenticatePlainWithoutSASLIRWaitsForTheContinuation() async throws {
        let server = try ScriptedServer([
            .send("* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n"),
            .expect("A0001 AUTHENTICATE PLAIN"),
            .expectSilence(.milliseconds(200)),
            .send("+ \r\n"),
            .expect(Self.plainResponse),
            .send("A0001 OK Logged in\r\n"),
            // No capabilities in the OK: the client asks again.
            .expect("A0002 CAPABILITY"),
            .send("* CAPABILITY IMAP4rev1 IDLE\r\nA0002 OK done\r\n"),
        ] + Self.logout("A0003"))
        let imap = IMAPConnection(configuration: configuration(server))
        try await imap.connect()
        #expect(await imap.capabilities == [.imap4rev1, .idle])
        try await imap.logout()
        #expect(try await server.received() == [
            "A0001 AUTHENTICATE PLAIN", Self.plainResponse, "A0002 CAPABILITY", "A0003 LOGOUT",
        ])
        #expect(await !imap.trace.contains { $0.text.contains(Self.plainResponse) })
    }

    @Test func xoauth2FailureChallengeIsAnsweredAndReported() async throws {
        let server = try ScriptedServer([
            .send("* OK [CAPABILITY IMAP4rev1 AUTH=XOAUTH2 SASL-IR] ready\r\n"),
            .expect("A0001 AUTHENTICATE XOAUTH2 "),
            .send("+ eyJzdGF0dXMiOiI0MDAiLCJzY2hlbWVzIjoiQmVhcmVyIiwic2NvcGUiOiJodHRwczovL21haWwuZ29vZ2xlLmNvbS8ifQ==\r\n"),
            .expect(""),
            .send("A0001 NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)\r\n"),
        ])
        let imap = IMAPConnection(configuration: configuration(
            server, authentication: MailAuthentication(user: "alice@example.test", secret: .oauth2Token("ya29.token"))))
        let error = await #expect(throws: IMAPError.self) { try await imap.connect() }
        #expect(error?.code == .authenticationFailed)
        #expect(error?.phase == .auth)
        #expect(error?.response?.status == .no)
        #expect(error?.description.contains(#"{"status":"400","schemes":"Bearer""#) == true)
        #expect(error?.description.contains("ya29") == false)
        #expect(error?.command == "A0001 AUTHENTICATE XOAUTH2 ****")
        let lines = try await server.received()
        #expect(lines.count == 2)
        #expect(lines.last == "", "the error challenge is answered with an empty response")
        // base64("user=") starts every XOAUTH2 initial response.
        #expect(await !imap.trace.contains { $0.text.contains("ya29") || $0.text.contains("dXNlcj1") })
    }

    // MARK: - Literals

    @Test func appendWaitsForTheContinuationBeforeASynchronisingLiteral() async throws {
        let size = Self.message.utf8.count
        let server = try ScriptedServer(Self.loggedIn("IMAP4rev1 UIDPLUS") + [
            .expect("A0002 APPEND INBOX (\\Seen) {\(size)}"),
            .expectSilence(.milliseconds(200)),
            .send("+ Ready for literal data\r\n"),
            .expectBytes(Self.message),
            .expect(""),
            .send("A0002 OK [APPENDUID 38505 3955] APPEND completed\r\n"),
        ] + Self.logout("A0003"))
        let imap = IMAPConnection(configuration: configuration(server))
        try await imap.connect()
        let uid = try await imap.append(Array(Self.message.utf8), to: "INBOX", flags: [.seen])
        #expect(uid == 3955)
        try await imap.logout()
        #expect(try await server.received() == [
            "A0001 LOGIN alice secret", "A0002 APPEND INBOX (\\Seen) {\(size)}", "[\(size) bytes]", "", "A0003 LOGOUT",
        ])
        #expect(await imap.trace.contains { $0.direction == .sent && $0.text == "A0002 APPEND INBOX (\\Seen) {\(size) bytes}" })
    }

    @Test func appendWithLiteralPlusDoesNotWait() async throws {
        let size = Self.message.utf8.count
        let server = try ScriptedServer(Self.loggedIn("IMAP4rev1 LITERAL+ UIDPLUS") + [
            .expect("A0002 APPEND INBOX {\(size)+}"),
            .expectBytes(Self.message),
            .expect(""),
            .send("A0002 OK [APPENDUID 38505 3956] APPEND completed\r\n"),
        ] + Self.logout("A0003"))
        let imap = IMAPConnection(configuration: configuration(server, timeout: .seconds(2)))
        try await imap.connect()
        #expect(try await imap.append(Array(Self.message.utf8), to: "INBOX") == 3956)
        try await imap.logout()
        #expect(try await server.received() == [
            "A0001 LOGIN alice secret", "A0002 APPEND INBOX {\(size)+}", "[\(size) bytes]", "", "A0003 LOGOUT",
        ])
    }

    // MARK: - Concurrency

    @Test func twoCommandsInFlightGetTheirOwnCompletions() async throws {
        let server = try ScriptedServer(Self.loggedIn() + Self.selectInbox("A0002") + [
            .expect("A0003 NOOP"),
            .expect("A0004 UID FETCH 7 (FLAGS)"),
            // Answered out of order: the FETCH first, the NOOP later.
            .send("* 1 FETCH (UID 7 FLAGS (\\Seen))\r\nA0004 OK Fetch completed\r\n"),
            .sleep(.milliseconds(150)),
            .send("A0003 OK NOOP completed\r\n"),
        ] + Self.logout("A0005"))
        let imap = IMAPConnection(configuration: configuration(server))
        try await imap.connect()
        try await imap.select("INBOX")
        let noop = Task {
            try await imap.noop()
            return ContinuousClock.now
        }
        // The NOOP goes first, so that the tags are known.
        let deadline = ContinuousClock.now + .seconds(5)
        while await !imap.trace.contains(where: { $0.direction == .sent && $0.text == "A0003 NOOP" }), .now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        let fetch = Task {
            let fetched = try await imap.uidFetch(IMAPSequenceSet([7]), [.flags])
            return (fetched, ContinuousClock.now)
        }
        let (fetched, fetchedAt) = try await fetch.value
        let noopAt = try await noop.value
        #expect(fetched.map(\.uid) == [7])
        #expect(fetched.first?.flags == [.seen])
        #expect(fetchedAt < noopAt)
        #expect(fetchedAt.duration(to: noopAt) >= .milliseconds(100))
        try await imap.logout()
        _ = try await server.received()
        // The FETCH answered the UID FETCH; SELECT's EXISTS described the mailbox: no news.
        #expect(await Self.drain(imap.notifications) == [])
    }

    // MARK: - IDLE and polling

    @Test func idleDeliversNotificationsUntilDone() async throws {
        let server = try ScriptedServer(Self.loggedIn() + Self.selectInbox("A0002") + [
            .expect("A0003 IDLE"),
            .send("+ idling\r\n"),
            .sleep(.milliseconds(50)), .send("* 5 EXISTS\r\n"),
            .sleep(.milliseconds(50)), .send("* OK Still here\r\n"),
            .sleep(.milliseconds(50)), .send("* 3 EXPUNGE\r\n"),
            .sleep(.milliseconds(50)), .send("* 2 FETCH (FLAGS (\\Seen))\r\n"),
            .expect("DONE"),
            .send("A0003 OK Idle completed\r\n"),
        ] + Self.logout("A0004"))
        let imap = IMAPConnection(configuration: configuration(server))
        try await imap.connect()
        try await imap.select("INBOX")
        try await imap.startIdle()
        #expect(await imap.idleMode == .idle)
        #expect(await imap.sessionState == .idling)
        var events: [IMAPNotificationEvent] = []
        var iterator = imap.notifications.makeAsyncIterator()
        while events.count < 3, let event = await iterator.next() { events.append(event) }
        try await imap.stopIdle()
        #expect(await imap.sessionState == .selected(mailbox: "INBOX", readOnly: false))
        #expect(await imap.mailbox?.exists == 4)
        try await imap.logout()
        #expect(events.map(\.notification) == [
            .exists(5), .expunge(3), .fetch(IMAPFetchResponse(sequenceNumber: 2, attributes: [.flags([.seen])])),
        ])
        let instants = events.map(\.instant)
        #expect(zip(instants, instants.dropFirst()).allSatisfy { $0 < $1 })
        // `* OK Still here` kept the connection alive and is no news.
        #expect(await Self.drain(imap.notifications) == [])
        #expect(try await server.received().suffix(3) == ["A0003 IDLE", "DONE", "A0004 LOGOUT"])
    }

    @Test func withoutIdleTheClientPollsWithNOOP() async throws {
        let server = try ScriptedServer(Self.loggedIn("IMAP4rev1 UIDPLUS") + Self.selectInbox("A0002") + [
            .expect("A0003 NOOP"), .send("A0003 OK NOOP completed\r\n"),
            .expect("A0004 NOOP"), .send("* 5 EXISTS\r\nA0004 OK NOOP completed\r\n"),
            .expect("A0005 NOOP"), .send("A0005 OK NOOP completed\r\n"),
        ])
        let imap = IMAPConnection(configuration: configuration(server, pollInterval: .milliseconds(100)))
        try await imap.connect()
        try await imap.select("INBOX")
        let started = ContinuousClock.now
        try await imap.startIdle()
        #expect(await imap.idleMode == .poll)
        var iterator = imap.notifications.makeAsyncIterator()
        let event = await iterator.next()
        try await imap.stopIdle()
        await imap.close()
        #expect(event?.notification == .exists(5))
        #expect(event.map { started.duration(to: $0.instant) >= .milliseconds(200) } == true)
        #expect(await imap.mailbox?.exists == 5)
        let trace = await imap.trace
        #expect(trace.contains { $0.direction == .note && $0.text.contains("polling with NOOP") })
        let noops = trace.filter { $0.direction == .sent && $0.text.hasSuffix(" NOOP") }.map(\.offset)
        #expect(noops.count >= 2)
        #expect(zip(noops, noops.dropFirst()).allSatisfy { $1 - $0 >= .milliseconds(100) })
    }

    // MARK: - Hostile and broken servers

    @Test func aMalformedResponseBetweenCommandsIsSkipped() async throws {
        let server = try ScriptedServer(Self.loggedIn() + Self.selectInbox(
            "A0002", then: "* 1 FETCH (UID abc FLAGS (\\Seen))\r\n") + [
            .expect("A0003 NOOP"), .send("A0003 OK NOOP completed\r\n"),
        ] + Self.logout("A0004"))
        let imap = IMAPConnection(configuration: configuration(server))
        try await imap.connect()
        try await imap.select("INBOX")
        try await imap.noop()
        #expect(await imap.malformedResponses.map(\.detail) == ["expected a number"])
        #expect(await imap.trace.contains { $0.direction == .note && $0.text.hasPrefix("skipped a malformed response") })
        #expect(await imap.sessionState == .selected(mailbox: "INBOX", readOnly: false))
        try await imap.logout()
        _ = try await server.received()
    }

    @Test func aCommandTimeoutNamesThePhase() async throws {
        let server = try ScriptedServer(Self.loggedIn() + [.expect("A0002 SELECT INBOX"), .sleep(.seconds(3))])
        let imap = IMAPConnection(configuration: configuration(server, timeout: .milliseconds(300)))
        try await imap.connect()
        let start = ContinuousClock.now
        let error = await #expect(throws: IMAPError.self) { try await imap.select("INBOX") }
        let elapsed = start.duration(to: .now)
        #expect(error?.code == .timedOut)
        #expect(error?.phase == .select)
        #expect(error?.command == "A0002 SELECT INBOX")
        #expect(elapsed >= .milliseconds(300) && elapsed < .milliseconds(2500))
        // The session is over: later commands fail at once with the same error.
        let later = await #expect(throws: IMAPError.self) { try await imap.noop() }
        #expect(later?.code == .timedOut)
    }

    @Test func theServerClosingMidCommandIsReportedWithThePhase() async throws {
        let server = try ScriptedServer(Self.loggedIn() + [.expect("A0002 SELECT INBOX"), .close])
        let imap = IMAPConnection(configuration: configuration(server))
        try await imap.connect()
        let error = await #expect(throws: IMAPError.self) { try await imap.select("INBOX") }
        #expect(error?.code == .connectionClosed)
        #expect(error?.phase == .select)
    }

    @Test func aHugeLiteralAnnouncementIsAProtocolErrorBeforeItsData() async throws {
        let server = try ScriptedServer(Self.loggedIn() + Self.selectInbox("A0002") + [
            .expect("A0003 UID FETCH 7 (BODY.PEEK[])"),
            .send("* 1 FETCH (BODY[] {99999999999}\r\n"),
            .sleep(.seconds(3)),
        ])
        let imap = IMAPConnection(configuration: configuration(server))
        try await imap.connect()
        try await imap.select("INBOX")
        let start = ContinuousClock.now
        let error = await #expect(throws: IMAPError.self) {
            _ = try await imap.uidFetch(IMAPSequenceSet([7]), [.body(.complete)])
        }
        // Refused when the header arrives: the client neither waits for nor buffers the 100 GB.
        #expect(start.duration(to: .now) < .seconds(2))
        #expect(error?.code == .protocolViolation)
        #expect(error?.phase == .fetch)
        #expect((error?.underlying as? IMAPParseError)?.kind == .literalTooLarge)
    }

    // MARK: - Timing and trace

    /// Greeting without capabilities, CAPABILITY, LOGIN, SELECT, a UID FETCH whose
    /// literal header comes after 100 ms and its data 150 ms later, LOGOUT.
    static var fetchSession: [ScriptedServer.Step] {
        [
            .send("* OK IMAP4rev1 ready\r\n"),
            .expect("A0001 CAPABILITY"), .send("* CAPABILITY IMAP4rev1 IDLE\r\nA0001 OK done\r\n"),
            .expect("A0002 LOGIN alice secret"), .send("A0002 OK [CAPABILITY IMAP4rev1 IDLE] Logged in\r\n"),
        ] + selectInbox("A0003") + [
            .expect("A0004 UID FETCH 7 (UID BODY.PEEK[])"),
            .sleep(.milliseconds(100)),
            .send("* 1 FETCH (UID 7 BODY[] {\(message.utf8.count)}\r\n"),
            .sleep(.milliseconds(150)),
            .send(message + ")\r\nA0004 OK Fetch completed\r\n"),
        ] + logout("A0005")
    }

    func runFetchSession(_ server: ScriptedServer) async throws -> IMAPConnection {
        let imap = IMAPConnection(configuration: configuration(server))
        try await imap.connect()
        try await imap.select("INBOX")
        let fetched = try await imap.uidFetch(IMAPSequenceSet([7]), [.uid, .body(.complete)])
        #expect(fetched.first?.body(.complete) == Array(Self.message.utf8))
        try await imap.logout()
        _ = try await server.received()
        return imap
    }

    @Test func everyPhaseIsTimedInOrder() async throws {
        let imap = try await runFetchSession(try ScriptedServer(Self.fetchSession))
        let timings = await imap.timings
        #expect(timings.map(\.phase) == [
            .dns, .connect, .greeting, .capability, .auth, .select, .fetchFirstByte, .fetch, .logout,
        ])
        #expect(timings.allSatisfy { $0.started <= $0.ended })
        #expect(zip(timings, timings.dropFirst()).allSatisfy { $0.started <= $1.started })
        let ms = Dictionary(timings.map { ($0.phase, $0.milliseconds) }, uniquingKeysWith: { first, _ in first })
        #expect(ms[.fetchFirstByte]! >= 100 && ms[.fetchFirstByte]! < 1_500)
        #expect(ms[.fetch]! >= 250 && ms[.fetch]! < 2_000)
        #expect(ms[.fetchFirstByte]! <= ms[.fetch]!)
    }

    @Test func theTraceMasksPasswordsAndSummarisesLiterals() async throws {
        let imap = try await runFetchSession(try ScriptedServer(Self.fetchSession))
        let trace = await imap.trace
        let size = Self.message.utf8.count
        #expect(trace.contains { $0.direction == .sent && $0.text == "A0002 LOGIN alice ****" })
        #expect(trace.contains { $0.direction == .received && $0.text == "* 1 FETCH (UID 7 BODY[] {\(size)}" })
        #expect(trace.contains { $0.direction == .received && $0.text == "[\(size) bytes])" })
        #expect(!trace.contains { $0.text.contains("secret") || $0.text.contains("Hello, world") })
        // In time order, even when a reply is read before its writer resumes: C: LOGOUT before S: A0005 OK.
        #expect(zip(trace, trace.dropFirst()).allSatisfy { $0.offset <= $1.offset },
                "\(trace.map { "\($0.offset) \($0.direction.rawValue) \($0.text)" }.joined(separator: "\n"))")
    }
}
