import IMAPClient
import IMAPCore
import MailCore
import MailTestKit
import MailTransport
import Testing

/// IDLE's refresh and watchdog (RFC 2177) against scripted servers.
extension IMAPConnectionTests {
    func idleConfiguration(_ server: ScriptedServer, refresh: Duration, silence: Duration,
                           timeout: Duration = .seconds(10)) -> IMAPClientConfiguration {
        var configuration = configuration(server, timeout: timeout)
        configuration.idleRefreshInterval = refresh
        configuration.idleSilenceLimit = silence
        return configuration
    }

    @Test func idleIsReissuedAtTheRefreshInterval() async throws {
        let server = try ScriptedServer(Self.loggedIn() + Self.selectInbox("A0002") + [
            .expect("A0003 IDLE"), .send("+ idling\r\n"),
            .expect("DONE"), .send("A0003 OK Idle completed\r\n"),
            .expect("A0004 IDLE"), .send("+ idling\r\n* 5 EXISTS\r\n"),
            .expect("DONE"), .send("A0004 OK Idle completed\r\n"),
        ] + Self.logout("A0005"))
        let imap = IMAPConnection(configuration: idleConfiguration(server, refresh: .milliseconds(600), silence: .seconds(60)))
        try await imap.connect()
        try await imap.select("INBOX")
        let start = ContinuousClock.now
        try await imap.startIdle()
        var iterator = imap.notifications.makeAsyncIterator()
        let event = await iterator.next()
        // The EXISTS came on the second IDLE, which went out after the refresh interval.
        #expect(event?.notification == .exists(5))
        #expect(try #require(event?.instant) - start >= .milliseconds(600))
        try await imap.stopIdle()
        try await imap.logout()
        #expect(try await server.received().suffix(5) == ["A0003 IDLE", "DONE", "A0004 IDLE", "DONE", "A0005 LOGOUT"])
        #expect(!(await imap.trace).contains { $0.text.contains("no word from the server") })
    }

    @Test func keepAlivesFeedTheWatchdogAndSilenceWakesIt() async throws {
        // Keep-alives every 150 ms for 1.2 s: longer than the 1 s silence limit, but never 1 s
        // without a byte, so no DONE. Then silence: DONE about 1 s after the last one.
        var steps = Self.loggedIn() + Self.selectInbox("A0002") + [.expect("A0003 IDLE"), .send("+ idling\r\n")]
        for _ in 0..<8 { steps += [.expectSilence(.milliseconds(150)), .send("* OK Still here\r\n")] }
        steps += [
            .expect("DONE"), .send("A0003 OK Idle completed\r\n"),
            .expect("A0004 IDLE"), .send("+ idling\r\n"),
            .expect("DONE"), .send("A0004 OK Idle completed\r\n"),
        ] + Self.logout("A0005")
        let server = try ScriptedServer(steps)
        let imap = IMAPConnection(configuration: idleConfiguration(server, refresh: .seconds(3600), silence: .seconds(1)))
        try await imap.connect()
        try await imap.select("INBOX")
        try await imap.startIdle()
        // Wait for the watchdog's re-issue: A0004 IDLE in the trace.
        let deadline = ContinuousClock.now + .seconds(5)
        while await !imap.trace.contains(where: { $0.direction == .sent && $0.text == "A0004 IDLE" }), .now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        try await imap.stopIdle()
        try await imap.logout()
        _ = try await server.received()
        let trace = await imap.trace
        let lastKeepAlive = try #require(trace.last { $0.direction == .received && $0.text == "* OK Still here" })
        let done = try #require(trace.first { $0.direction == .sent && $0.text == "DONE" })
        #expect(done.offset - lastKeepAlive.offset >= .seconds(1))
        #expect(done.offset - lastKeepAlive.offset < .milliseconds(3500))
        #expect(trace.contains { $0.direction == .note && $0.text.contains("no word from the server for 1 s") })
        // Keep-alives are not news.
        #expect(await Self.drain(imap.notifications) == [])
    }

    @Test func aDeadConnectionInIdleFailsWithinSilencePlusTimeout() async throws {
        let server = try ScriptedServer(Self.loggedIn() + Self.selectInbox("A0002") + [
            .expect("A0003 IDLE"), .send("+ idling\r\n"),
            // The server is gone without a FIN: it reads DONE and never answers.
            .expect("DONE"), .sleep(.seconds(5)),
        ])
        let imap = IMAPConnection(configuration: idleConfiguration(server, refresh: .seconds(3600), silence: .milliseconds(300),
                                                                   timeout: .milliseconds(500)))
        try await imap.connect()
        try await imap.select("INBOX")
        let start = ContinuousClock.now
        try await imap.startIdle()
        // The session ends: the notification stream finishes.
        for await _ in imap.notifications {}
        let elapsed = start.duration(to: .now)
        #expect(elapsed >= .milliseconds(800) && elapsed < .milliseconds(3500))
        let error = await #expect(throws: IMAPError.self) { try await imap.noop() }
        #expect(error?.code == .timedOut)
        #expect(error?.phase == .idle)
    }

    @Test func stopIdleWaitsForAReissueInProgress() async throws {
        // The watchdog's DONE is out and its completion is slow when stopIdle() comes: stopIdle must
        // wait for it, and no IDLE may follow.
        let server = try ScriptedServer(Self.loggedIn() + Self.selectInbox("A0002") + [
            .expect("A0003 IDLE"), .send("+ idling\r\n"),
            .expect("DONE"), .sleep(.seconds(1)), .send("A0003 OK Idle completed\r\n"),
            .expect("A0004 NOOP"), .send("A0004 OK NOOP completed\r\n"),
        ] + Self.logout("A0005"))
        let imap = IMAPConnection(configuration: idleConfiguration(server, refresh: .seconds(3600), silence: .milliseconds(200)))
        try await imap.connect()
        try await imap.select("INBOX")
        try await imap.startIdle()
        let deadline = ContinuousClock.now + .seconds(5)
        while await !imap.trace.contains(where: { $0.direction == .sent && $0.text == "DONE" }), .now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        try await imap.stopIdle()
        #expect(await imap.sessionState == .selected(mailbox: "INBOX", readOnly: false))
        #expect(await imap.idleMode == nil)
        try await imap.noop()
        try await imap.logout()
        #expect(try await server.received().suffix(4) == ["A0003 IDLE", "DONE", "A0004 NOOP", "A0005 LOGOUT"])
    }
}
