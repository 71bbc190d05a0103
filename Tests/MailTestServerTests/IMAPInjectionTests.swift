import IMAPClient
import IMAPCore
import MailCore
import MailTestServer
import MailTransport
import Testing

/// Each IMAP fault kind, seen through our own client.
@Suite struct IMAPInjectionTests {
    static let delay = Duration.milliseconds(150)

    /// Logs in, selects, searches, fetches, stores and expunges: one of each phase.
    static func exercise(_ imap: IMAPConnection) async throws(IMAPError) {
        try await imap.connect()
        _ = try await imap.select("INBOX")
        let uids = try await imap.uidSearch(.all)
        _ = try await imap.uidFetch(IMAPSequenceSet(uids), [.uid, .flags, .body(.header)])
        try await imap.uidStore(IMAPSequenceSet(uids), .add([.deleted]))
        try await imap.expunge(uids: IMAPSequenceSet(uids))
    }

    static func serverWithMessage(_ faults: FaultPlan) async throws -> TestMailServer {
        let server = try await Support.start(faults: faults)
        // The SMTP session is number 1 of its protocol: faults with every > 1 spare it anyway.
        try await Support.submit(server, subject: "imap-fault")
        return server
    }

    @Test(arguments: [IMAPPhase.greeting, .capability, .starttls, .auth, .select, .search, .fetch, .store, .expunge])
    func delayShowsInItsPhase(_ phase: IMAPPhase) async throws {
        let server = try await Self.serverWithMessage(Support.plan(.delay(Self.delay), at: .imap(phase.rawValue)))
        let imap = Support.imap(server)
        try await Self.exercise(imap)
        try await imap.logout()
        let timings = await imap.timings
        let measured = try #require(Support.duration(timings, phase))
        #expect(measured >= Self.delay, "\(phase) took \(measured)")
        #expect(measured < Self.delay + .milliseconds(500), "\(phase) took \(measured)")
        for other in timings where other.phase != phase && other.phase != .starttls && other.phase != .fetchFirstByte {
            #expect(other.duration < Self.delay, "\(other.phase) took \(other.duration) with the delay on \(phase)")
        }
        await server.stop()
    }

    @Test(arguments: [IMAPPhase.greeting, .capability, .auth, .select, .search, .fetch, .store, .expunge])
    func dropClosesTheConnectionInThatPhase(_ phase: IMAPPhase) async throws {
        let server = try await Self.serverWithMessage(Support.plan(.drop, at: .imap(phase.rawValue)))
        let imap = Support.imap(server)
        do {
            try await Self.exercise(imap)
            Issue.record("the session survived a drop at \(phase)")
        } catch {
            #expect(error.code == .connectionClosed, "\(error)")
            #expect(error.phase == phase, "\(error)")
        }
        await imap.close()
        await server.stop()
    }

    @Test func replyIsQuotedByTheClient() async throws {
        let server = try await Self.serverWithMessage(Support.plan(.reply(code: "NO", text: "[UNAVAILABLE] injected refusal"),
                                                                   at: .imap("select")))
        let imap = Support.imap(server)
        try await imap.connect()
        do {
            _ = try await imap.select("INBOX")
            Issue.record("SELECT succeeded despite the injected NO")
        } catch {
            #expect(error.code == .no)
            #expect(error.phase == .select)
            #expect(error.description.contains("injected refusal"))
        }
        await imap.close()
        await server.stop()
    }

    @Test(arguments: ["greeting", "select"])
    func garbageIsAProtocolError(_ phase: String) async throws {
        let server = try await Self.serverWithMessage(Support.plan(.garbage, at: .imap(phase)))
        let imap = Support.imap(server, timeout: .seconds(2))
        do {
            try await Self.exercise(imap)
            Issue.record("garbage accepted")
        } catch {
            #expect(error.code == .protocolViolation, "\(error)")
        }
        await imap.close()
        await server.stop()
    }

    @Test func hugeLiteralIsAProtocolError() async throws {
        let server = try await Self.serverWithMessage(FaultPlan(announcesHugeLiteral: true))
        let imap = Support.imap(server, timeout: .seconds(2))
        do {
            try await Self.exercise(imap)
            Issue.record("a 1 TiB literal was accepted")
        } catch {
            #expect(error.code == .protocolViolation, "\(error)")
            #expect(error.phase == .fetch, "\(error)")
        }
        await imap.close()
        await server.stop()
    }

    @Test func dripStillWorksButSlower() async throws {
        let server = try await Self.serverWithMessage(Support.plan(.drip, at: .imap("select")))
        let imap = Support.imap(server)
        try await Self.exercise(imap)
        try await imap.logout()
        #expect(try #require(Support.duration(await imap.timings, .select)) >= .milliseconds(100))
        await server.stop()
    }

    @Test func startTLSInjectionIsDiscarded() async throws {
        let server = try await Self.serverWithMessage(FaultPlan(injectsAfterStartTLS: true))
        let imap = Support.imap(server, trace: true)
        try await Self.exercise(imap)
        try await imap.logout()
        let trace = await imap.trace
        #expect(trace.contains { $0.direction == .note && $0.text.contains("discarded") })
        #expect(!trace.contains { $0.direction == .received && $0.text.contains("injected") })
        #expect(!(await imap.capabilities).contains(.loginDisabled))
        await server.stop()
    }

    @Test func strippedStartTLSWithTLSRequiredFailsWithoutLogin() async throws {
        let server = try await Support.start(faults: FaultPlan(omitsStartTLS: true))
        let imap = Support.imap(server, trace: true)
        do {
            try await imap.connect()
            Issue.record("logged in without TLS")
        } catch {
            #expect(error.code == .tlsNotOffered)
        }
        #expect(!(await imap.trace).contains { $0.direction == .sent && ($0.text.contains("LOGIN") || $0.text.contains("AUTHENTICATE")) })
        await imap.close()
        await server.stop()
    }

    @Test func preauthWithTLSRequiredIsAnError() async throws {
        let server = try await Self.serverWithMessage(FaultPlan(preauthGreeting: true))
        let imap = Support.imap(server)
        await #expect(throws: IMAPError.self) { try await imap.connect() }
        await imap.close()
        // Without TLS required, PREAUTH is simply logged in, as the first user (alice, whose INBOX is empty).
        let plain = Support.imap(server, security: .plain, login: false)
        try await plain.connect()
        #expect(await plain.sessionState == .authenticated)
        #expect(try await plain.select("INBOX").exists == 0)
        try await plain.logout()
        await server.stop()
    }

    @Test func noIdleFallsBackToPolling() async throws {
        let server = try await Self.serverWithMessage(FaultPlan(omitsIdle: true))
        let imap = Support.imap(server)
        try await imap.connect()
        _ = try await imap.select("INBOX")
        try await imap.startIdle()
        #expect(await imap.idleMode == .poll)
        try await Support.submit(server, subject: "polled")
        var seen = false
        for await event in imap.notifications {
            if case .exists(2) = event.notification { seen = true; break }
        }
        #expect(seen)
        try await imap.stopIdle()
        try await imap.logout()
        await server.stop()
    }

    @Test func everyIdlingSessionHearsOfADelivery() async throws {
        let server = try await Support.start()
        var sessions: [IMAPConnection] = []
        for _ in 0..<5 {
            let imap = Support.imap(server, security: .plain)
            try await imap.connect()
            _ = try await imap.select("INBOX")
            try await imap.startIdle()
            sessions.append(imap)
        }
        try await Support.submit(server, subject: "broadcast")
        let delivered = try #require(server.deliveries.first)
        for imap in sessions {
            for await event in imap.notifications {
                if case .exists(1) = event.notification {
                    #expect(event.instant >= delivered.instant)
                    break
                }
            }
            try await imap.stopIdle()
            try await imap.logout()
        }
        await server.stop()
    }
}
