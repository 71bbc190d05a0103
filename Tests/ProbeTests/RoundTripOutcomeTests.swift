import IMAPClient
import MailCore
import MailTestServer
import Probe
import SMTPClient
import Testing

/// Round-trip outcomes against the project's own test server, whose delays and faults we set.
@Suite(.serialized) struct RoundTripOutcomeTests {
    static let alice = TestMailUser(address: "alice@example.test", password: "alice-secret")
    static let bob = TestMailUser(address: "bob@example.test", password: "bob-secret")

    func probe(_ server: TestMailServer, lateAfter: Duration = .seconds(60), lostAfter: Duration = .seconds(10),
               fastPollWindow: Duration = .seconds(2), junkMailbox: String? = nil,
               thresholds: ProbeThresholds = ProbeThresholds()) -> RoundTripProbe {
        RoundTripProbe(configuration: RoundTripConfiguration(
            smtp: SMTPClientConfiguration(host: "127.0.0.1", port: server.ports.smtp!, security: .plain,
                                          authentication: MailAuthentication(user: Self.alice.address, secret: .password(Self.alice.password)),
                                          usesPipelining: false, timeouts: .uniform(.seconds(10))),
            imap: IMAPClientConfiguration(host: "127.0.0.1", port: server.ports.imap!, security: .plain,
                                          authentication: MailAuthentication(user: Self.bob.address, secret: .password(Self.bob.password)),
                                          timeouts: .uniform(.seconds(10))),
            sender: Self.alice.address, recipient: Self.bob.address, junkMailbox: junkMailbox,
            lateAfter: lateAfter, lostAfter: lostAfter, fastPollWindow: fastPollWindow, thresholds: thresholds))
    }

    func start(_ faults: FaultPlan = .none, deliveryDelay: Duration = .zero) async throws -> TestMailServer {
        try await TestMailServer.start(.init(users: [Self.alice, Self.bob], deliveryDelay: deliveryDelay, faults: faults))
    }

    @Test func injectedDataDelayLandsInDataAccepted() async throws {
        var faults = FaultPlan()
        faults.add(.delay(.milliseconds(300)), at: .smtp("data_accepted"))
        let server = try await start(faults)
        defer { Task { await server.stop() } }
        let result = await probe(server).run()
        #expect(result.status == .ok, "\(result.reasons)")
        let accepted = try #require(result.phase("submit.data_accepted"))
        #expect(accepted.duration >= .milliseconds(300) && accepted.duration < .milliseconds(1300))
        #expect(result.phase("delivery")!.duration < .milliseconds(300), "the delay is not counted twice")
    }

    @Test func injectedDeliveryDelayLandsInDelivery() async throws {
        let server = try await start(deliveryDelay: .milliseconds(400))
        defer { Task { await server.stop() } }
        let result = await probe(server).run()
        #expect(result.status == .ok, "\(result.reasons)")
        let delivery = try #require(result.phase("delivery"))
        #expect(delivery.duration >= .milliseconds(400) && delivery.duration < .milliseconds(1400))
        #expect(result.phase("submit.data_accepted")!.duration < .milliseconds(400))
        #expect(server.deliveries.count == 1)
        #expect(result.hops.count == 1, "the test server's Received header")
    }

    @Test func lateArrivalIsAWarning() async throws {
        let server = try await start(deliveryDelay: .milliseconds(600))
        defer { Task { await server.stop() } }
        let result = await probe(server, lateAfter: .milliseconds(300)).run()
        #expect(result.status == .warning)
        #expect(result.reasons.map(\.kind) == [.late])
    }

    @Test func lostMessageIsCritical() async throws {
        var faults = FaultPlan()
        faults.add(.drop, at: .delivery)
        let server = try await start(faults)
        defer { Task { await server.stop() } }
        let start = ContinuousClock.now
        let result = await probe(server, lostAfter: .seconds(2)).run()
        #expect(result.status == .critical)
        #expect(result.reasons.first?.kind == .lost)
        #expect(start.duration(to: .now) >= .seconds(2))
        #expect(result.phase("delivery") == nil)
    }

    @Test func smtpRejectionQuotesTheServer() async throws {
        var faults = FaultPlan()
        faults.add(.reply(code: "451", text: "4.3.0 try again later"), at: .smtp("mail_from"))
        let server = try await start(faults)
        defer { Task { await server.stop() } }
        let result = await probe(server).run()
        #expect(result.status == .warning, "a 4xx is transient")
        let reason = try #require(result.reasons.first)
        #expect(reason.kind == .smtpRejected && reason.phase == "submit.mail_from")
        #expect(reason.message.contains("451"))
    }

    @Test func thresholdCrossedIsCriticalWithPerfdata() async throws {
        var faults = FaultPlan()
        faults.add(.delay(.milliseconds(200)), at: .smtp("ehlo"))
        let server = try await start(faults)
        defer { Task { await server.stop() } }
        let thresholds = ProbeThresholds(phases: ["submit.ehlo": .init(warning: .milliseconds(50), critical: .milliseconds(100))])
        let result = await probe(server, thresholds: thresholds).run()
        #expect(result.status == .critical)
        #expect(result.reasons.first?.phase == "submit.ehlo")
        let line = PluginOutput.render(status: result.status, summary: "round trip", reasons: result.reasons,
                                       phases: result.phases, thresholds: thresholds)
        #expect(line.hasPrefix("MAILPROBE CRITICAL - round trip; submit.ehlo took"))
        #expect(line.contains("'submit_ehlo'=0.2"))
        #expect(line.contains(";0.05;0.1;0;"))
    }

    @Test func junkDeliveryIsCriticalAndCleanedUp() async throws {
        var faults = FaultPlan()
        faults.add(.junk, at: .delivery)
        let server = try await start(faults)
        defer { Task { await server.stop() } }
        let result = await probe(server, lostAfter: .seconds(3), fastPollWindow: .seconds(1), junkMailbox: "Junk").run()
        #expect(result.status == .critical)
        #expect(result.reasons.map(\.kind) == [.junk], "\(result.reasons)")
        #expect(result.foundIn == "Junk")
        #expect(server.deliveries.map(\.mailbox) == ["Junk"])
        #expect(server.mailbox(of: Self.bob.address, named: "Junk")?.isEmpty == true, "deleted from Junk after the run")
        #expect(server.mailbox(of: Self.bob.address)?.isEmpty == true, "nothing in INBOX")
    }

    @Test func junkDeliveryWithoutAJunkMailboxIsLost() async throws {
        var faults = FaultPlan()
        faults.add(.junk, at: .delivery)
        let server = try await start(faults)
        defer { Task { await server.stop() } }
        let result = await probe(server, lostAfter: .seconds(2), fastPollWindow: .seconds(1)).run()
        #expect(result.status == .critical)
        #expect(result.reasons.first?.kind == .lost)
        #expect(result.foundIn == nil)
        #expect(server.mailbox(of: Self.bob.address, named: "Junk")?.count == 1, "still sitting in Junk")
    }

    @Test func alteredBodyIsCorrupted() async throws {
        var faults = FaultPlan()
        faults.add(.corrupt, at: .delivery)
        let server = try await start(faults)
        defer { Task { await server.stop() } }
        let result = await probe(server).run()
        #expect(result.status == .critical)
        let reason = try #require(result.reasons.first { $0.kind == .corrupted })
        #expect(reason.phase == "retrieve.fetch")
        #expect(reason.message.contains("checksum"), "\(reason.message)")
        #expect(result.foundIn == "INBOX")
    }

    @Test func junkAndCorruptFollowEvery() async throws {
        var faults = FaultPlan(every: 2)
        faults.add(.junk, at: .delivery)
        faults.add(.corrupt, at: .delivery)
        let server = try await start(faults)
        defer { Task { await server.stop() } }
        let first = await probe(server).run()
        #expect(first.status == .ok, "session 1 is not affected: \(first.reasons)")
        let second = await probe(server, lostAfter: .seconds(3), fastPollWindow: .seconds(1), junkMailbox: "Junk").run()
        #expect(Set(second.reasons.map(\.kind)) == [.junk, .corrupted], "\(second.reasons)")
        #expect(second.foundIn == "Junk")
    }
}
