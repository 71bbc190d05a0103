import MailCore
import MailTestServer
import MailTransport
import SMTPClient
import SMTPCore
import Testing

/// Each SMTP fault kind, seen through our own client.
@Suite struct SMTPInjectionTests {
    static let delay = Duration.milliseconds(150)

    /// An injected delay shows in the client's timing of that phase: at least the delay, at most a loose margin
    /// more, and in no other phase. Without PIPELINING: pipelined replies come in order, so a delayed MAIL
    /// reply also delays the RCPT and DATA replies, whose phases the client times from the shared send.
    @Test(arguments: [SMTPPhase.greeting, .ehlo, .starttls, .auth, .mailFrom, .rcptTo, .data, .dataAccepted])
    func delayShowsInItsPhase(_ phase: SMTPPhase) async throws {
        let server = try await Support.start(faults: Support.plan(.delay(Self.delay), at: .smtp(phase.rawValue)))
        let smtp = Support.smtp(server, pipelining: false)
        try await smtp.connect()
        _ = try await smtp.send(Support.message(subject: "delay"), envelope: Support.envelope())
        try await smtp.quit()
        let measured = try #require(Support.duration(smtp.timings, phase))
        #expect(measured >= Self.delay, "\(phase) took \(measured)")
        #expect(measured < Self.delay + .milliseconds(500), "\(phase) took \(measured)")
        for other in smtp.timings where other.phase != phase && ![.tls, .starttls].contains(other.phase) {
            #expect(other.duration < Self.delay, "\(other.phase) took \(other.duration) with the delay on \(phase)")
        }
        await server.stop()
    }

    /// With PIPELINING the delayed phase still measures at least the delay.
    @Test(arguments: [SMTPPhase.mailFrom, .rcptTo, .data])
    func pipelinedDelayLowerBound(_ phase: SMTPPhase) async throws {
        let server = try await Support.start(faults: Support.plan(.delay(Self.delay), at: .smtp(phase.rawValue)))
        let smtp = Support.smtp(server)
        try await smtp.connect()
        _ = try await smtp.send(Support.message(subject: "delay"), envelope: Support.envelope())
        try await smtp.quit()
        let measured = try #require(Support.duration(smtp.timings, phase))
        #expect(measured >= Self.delay && measured < Self.delay + .milliseconds(500), "\(phase) took \(measured)")
        await server.stop()
    }

    @Test(arguments: [SMTPPhase.greeting, .ehlo, .auth, .mailFrom, .rcptTo, .data, .dataAccepted])
    func dropClosesTheConnectionInThatPhase(_ phase: SMTPPhase) async throws {
        let server = try await Support.start(faults: Support.plan(.drop, at: .smtp(phase.rawValue)))
        let smtp = Support.smtp(server)
        do {
            try await smtp.connect()
            _ = try await smtp.send(Support.message(subject: "drop"), envelope: Support.envelope())
            Issue.record("the session survived a drop at \(phase)")
        } catch {
            #expect(error.code == .connectionClosed, "\(error)")
            #expect(error.phase == phase, "\(error)")
        }
        smtp.close()
        #expect(server.deliveries.isEmpty)
        await server.stop()
    }

    @Test func replyIsQuotedByTheClient() async throws {
        let server = try await Support.start(faults: Support.plan(.reply(code: "451", text: "4.3.0 Try again later"),
                                                                  at: .smtp("mail_from")))
        let smtp = Support.smtp(server)
        try await smtp.connect()
        do {
            _ = try await smtp.send(Support.message(subject: "reply"), envelope: Support.envelope())
            Issue.record("accepted despite the injected 451")
        } catch {
            #expect(error.phase == .mailFrom)
            #expect(error.reply?.code == 451)
            #expect(error.isTransient)
            #expect(error.description.contains("451"))
        }
        smtp.close()
        await server.stop()
    }

    @Test func garbageIsAProtocolError() async throws {
        let server = try await Support.start(faults: Support.plan(.garbage, at: .smtp("ehlo")))
        let smtp = Support.smtp(server)
        do {
            try await smtp.connect()
            Issue.record("garbage accepted as an EHLO reply")
        } catch {
            #expect(error.code == .protocolViolation, "\(error)")
            #expect(error.phase == .ehlo)
        }
        smtp.close()
        await server.stop()
    }

    @Test func dripStillWorksButSlower() async throws {
        let server = try await Support.start(faults: Support.plan(.drip, at: .smtp("ehlo")))
        let smtp = Support.smtp(server)
        try await smtp.connect()
        let result = try await smtp.send(Support.message(subject: "drip"), envelope: Support.envelope())
        #expect(result.queueID != nil)
        try await smtp.quit()
        // The EHLO reply is over 100 bytes, a millisecond apart.
        #expect(try #require(Support.duration(smtp.timings, .ehlo)) >= .milliseconds(100))
        await server.stop()
    }

    @Test func startTLSInjectionIsDiscarded() async throws {
        let server = try await Support.start(faults: FaultPlan(injectsAfterStartTLS: true))
        let smtp = Support.smtp(server, trace: true)
        try await smtp.connect()
        let result = try await smtp.send(Support.message(subject: "inject"), envelope: Support.envelope())
        try await smtp.quit()
        #expect(result.queueID != nil)
        #expect(smtp.trace.contains { $0.direction == .note && $0.text.contains("discarded") })
        #expect(!smtp.trace.contains { $0.direction == .received && $0.text.contains("INJECTED") })
        #expect(smtp.capabilities?.extensions.keys.contains("INJECTED") != true)
        await server.stop()
    }

    @Test func strippedStartTLSWithTLSRequiredFailsWithoutAuth() async throws {
        let server = try await Support.start(faults: FaultPlan(omitsStartTLS: true))
        let smtp = Support.smtp(server, trace: true)
        do {
            try await smtp.connect()
            Issue.record("connected without TLS")
        } catch {
            #expect(error.code == .tlsNotOffered)
        }
        #expect(!smtp.trace.contains { $0.direction == .sent && $0.text.uppercased().hasPrefix("AUTH") })
        smtp.close()
        await server.stop()
    }

    @Test func everySecondSessionIsAffected() async throws {
        let server = try await Support.start(faults: Support.plan(.drop, at: .smtp("greeting"), every: 2))
        var outcomes: [Bool] = []
        for _ in 1...4 {
            let smtp = Support.smtp(server)
            do {
                try await smtp.connect()
                try await smtp.quit()
                outcomes.append(true)
            } catch {
                outcomes.append(false)
            }
        }
        #expect(outcomes == [true, false, true, false])
        await server.stop()
    }

    @Test func deliveryDelayAndDeliveryDropAreGroundTruth() async throws {
        var plan = FaultPlan(every: 2)
        plan.add(.drop, at: .delivery)
        let server = try await Support.start(faults: plan, deliveryDelay: .milliseconds(100))
        let accepted = ContinuousClock.now
        try await Support.submit(server, subject: "kept")
        try await Support.submit(server, subject: "lost")
        #expect(await Support.eventually { server.deliveries.count == 1 })
        try await Task.sleep(for: .milliseconds(200))
        #expect(server.deliveries.count == 1)
        let delivery = try #require(server.deliveries.first)
        #expect(accepted.duration(to: delivery.instant) >= .milliseconds(100))
        await server.stop()
    }
}
