import MailTestServer
import SMTPClient
import SMTPCore
import Testing

/// A running server's faults and delivery delay change at once, and two servers relay to each
/// other's users (the demo's "corp" and "partner").
@Suite struct LiveSettingsTests {
    static let corpUser = TestMailUser(address: "alice@corp.test", password: "corp-secret")
    static let partnerUser = TestMailUser(address: "bob@partner.test", password: "partner-secret")

    static func start(_ user: TestMailUser, seed: UInt64) async throws -> TestMailServer {
        try await TestMailServer.start(.init(tls: Support.certificate.configuration, users: [user], seed: seed))
    }

    /// Sends one message as `from` at `server`; the SMTP error, if any.
    static func send(at server: TestMailServer, from user: TestMailUser, to recipient: String, subject: String) async -> SMTPError? {
        let smtp = Support.smtp(server, user: user.address, password: user.password)
        do {
            try await smtp.connect()
            _ = try await smtp.send(Support.message(subject: subject, to: recipient),
                                    envelope: SMTPEnvelope(sender: user.address, recipients: [recipient]))
            try await smtp.quit()
            return nil
        } catch {
            smtp.close()
            return error
        }
    }

    @Test func relayedMailArrivesInTheOtherServersMailboxAfterItsDelay() async throws {
        let corp = try await Self.start(Self.corpUser, seed: 1)
        let partner = try await Self.start(Self.partnerUser, seed: 2)
        #expect(await Self.send(at: corp, from: Self.corpUser, to: Self.partnerUser.address, subject: "unrelayed")?.reply?.code == 550,
                "without a relay the other domain's user is unknown")
        corp.relay(domain: "Partner.TEST", to: partner)
        partner.relay(domain: "corp.test", to: corp, delay: .milliseconds(300))

        #expect(await Self.send(at: corp, from: Self.corpUser, to: Self.partnerUser.address, subject: "corp-to-partner") == nil)
        #expect(partner.mailbox(of: Self.partnerUser.address)?.count == 1, "relayed without delay: stored at once")
        #expect(corp.deliveries.isEmpty, "nothing stored at the submitting server")

        let sent = ContinuousClock.now
        #expect(await Self.send(at: partner, from: Self.partnerUser, to: Self.corpUser.address, subject: "partner-to-corp") == nil)
        #expect(corp.mailbox(of: Self.corpUser.address)?.isEmpty == true, "not before the relay's delay")
        var arrival: TestMailDelivery?
        for await delivery in corp.deliveryStream(replay: true) {
            arrival = delivery
            break
        }
        let delivery = try #require(arrival)
        #expect(delivery.user == Self.corpUser.address && delivery.mailbox == "INBOX")
        #expect(delivery.instant - sent >= .milliseconds(300))
        let body = String(decoding: try #require(corp.mailbox(of: Self.corpUser.address)?.first?.bytes), as: UTF8.self)
        #expect(body.contains("for <alice@corp.test>"))

        partner.removeRelay(domain: "corp.test")
        #expect(await Self.send(at: partner, from: Self.partnerUser, to: Self.corpUser.address, subject: "removed")?.reply?.code == 550)
        await corp.stop()
        await partner.stop()
    }

    @Test func faultsAndDeliveryDelayChangeWhileRunning() async throws {
        let server = try await Support.start()
        #expect(await Self.send(at: server, from: TestMailUser.defaults[0], to: Support.bob, subject: "before") == nil)

        server.replaceFaults(Support.plan(.reply(code: "451", text: "4.3.0 Temporary lookup failure"), at: .smtp("rcpt_to")))
        let refused = await Self.send(at: server, from: TestMailUser.defaults[0], to: Support.bob, subject: "during")
        #expect(refused?.reply?.code == 451)
        #expect(refused?.reply?.text.contains("Temporary lookup failure") == true)
        #expect(server.liveSettings.faults.rules[.smtp("rcpt_to")]?.count == 1)
        #expect(server.configuration.faults == .none, "the configuration stays the one started with")

        server.replaceFaults(.none)
        server.setDeliveryDelay(.milliseconds(200))
        let sent = ContinuousClock.now
        #expect(await Self.send(at: server, from: TestMailUser.defaults[0], to: Support.bob, subject: "after") == nil)
        #expect(server.deliveries.count == 1, "the delayed message is not stored yet")
        for await delivery in server.deliveryStream() {
            #expect(delivery.instant - sent >= .milliseconds(200))
            break
        }
        #expect(server.deliveries.count == 2)
        await server.stop()
    }
}
