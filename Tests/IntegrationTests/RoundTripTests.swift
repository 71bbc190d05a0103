import Foundation
import IMAPClient
import IMAPCore
import MailCore
import MailTransport
import Probe
import SMTPClient
import Testing

/// Round trips and transit through the real Postfix and Dovecot.
@Suite(.serialized) struct RoundTripTests {
    let servers: MailServers

    init() throws {
        servers = try MailServers.load()
    }

    func smtp(_ user: String, password: String? = nil) -> SMTPClientConfiguration {
        let account = servers.user(user)
        return SMTPClientConfiguration(
            host: servers.tlsHost, port: servers.port("SUBMISSION"), security: .startTLS,
            tls: TLSConfiguration(caFile: servers.caFile), clientHostname: "probe.example.test",
            authentication: MailAuthentication(user: account.address, secret: .password(password ?? account.password)),
            timeouts: .uniform(.seconds(20)))
    }

    func imap(_ user: String, password: String? = nil) -> IMAPClientConfiguration {
        let account = servers.user(user)
        return IMAPClientConfiguration(
            host: servers.tlsHost, port: servers.port("IMAPS"), security: .implicitTLS,
            tls: TLSConfiguration(caFile: servers.caFile),
            authentication: MailAuthentication(user: account.address, secret: .password(password ?? account.password)),
            timeouts: .uniform(.seconds(20)))
    }

    func roundTrip(from sender: String = "carol", to recipient: String = "carol", imapPassword: String? = nil,
                   recipientAddress: String? = nil, thresholds: ProbeThresholds = ProbeThresholds()) -> RoundTripConfiguration {
        RoundTripConfiguration(smtp: smtp(sender), imap: imap(recipient, password: imapPassword),
                               sender: servers.user(sender).address,
                               recipient: recipientAddress ?? servers.user(recipient).address,
                               lostAfter: .seconds(30), thresholds: thresholds)
    }

    /// Messages carrying a probe token in carol's INBOX.
    func probeMessages(_ user: String = "carol") async throws -> [UInt32] {
        let session = IMAPConnection(configuration: imap(user))
        try await session.connect()
        try await session.select("INBOX")
        let uids = try await session.uidSearch(.header(ProbeMessage.tokenHeader, ""))
        try await session.logout()
        return uids
    }

    @Test func roundTripTimesEveryPhaseAndCleansUp() async throws {
        let result = await RoundTripProbe(configuration: roundTrip()).run()
        #expect(result.status == .ok, "reasons: \(result.reasons)")
        let names = result.phases.map(\.name)
        #expect(names.starts(with: ["submit.dns", "submit.connect", "submit.greeting", "submit.ehlo", "submit.starttls",
                                    "submit.ehlo", "submit.auth", "submit.mail_from", "submit.rcpt_to", "submit.data",
                                    "submit.data_accepted"]))
        #expect(Array(names.suffix(5)) == ["delivery", "retrieve.search", "retrieve.fetch", "cleanup", "total"])
        #expect(result.queueID != nil)
        #expect(result.hops.count >= 2, "Postfix ESMTP and Dovecot LMTP hops")
        #expect(result.hops.last?.with == "LMTP")
        #expect(result.arrivalMode == .idleAndPoll || result.arrivalMode == .idle)
        #expect(result.firstSeenAfterAcceptance != nil)
        #expect(result.smtpTLS?.verified == true && result.imapTLS?.verified == true)
        #expect(try await probeMessages().isEmpty, "the probe message was deleted")
    }

    @Test func transitBothWays() async throws {
        let routes = [("alice", "carol"), ("carol", "alice")].map { route in
            TransitProbe.Route(name: "\(route.0)->\(route.1)", configuration: roundTrip(from: route.0, to: route.1))
        }
        let results = await TransitProbe(routes: routes).run()
        #expect(results.map(\.route) == ["alice->carol", "carol->alice"])
        for route in results {
            #expect(route.result.status == .ok, "\(route.route): \(route.result.reasons)")
            #expect(route.result.phase("delivery") != nil)
            #expect(!route.result.hops.isEmpty)
        }
        #expect(TransitProbe.status(of: results) == .ok)
    }

    @Test func wrongIMAPPasswordIsCriticalAuthFailed() async throws {
        let result = await RoundTripProbe(configuration: roundTrip(imapPassword: "wrong")).run()
        #expect(result.status == .critical)
        #expect(result.reasons.first?.kind == .authFailed)
        #expect(result.reasons.first?.phase == "imap.auth")
        #expect(result.phases.map(\.name) == ["total"], "nothing was sent")
    }

    @Test func rejectedRecipientIsCriticalSMTPRejected() async throws {
        let result = await RoundTripProbe(configuration: roundTrip(recipientAddress: "nobody@example.test")).run()
        #expect(result.status == .critical)
        let reason = try #require(result.reasons.first)
        #expect(reason.kind == .smtpRejected)
        #expect(reason.phase == "submit.rcpt_to")
        #expect(reason.message.contains("550"))
    }

    @Test func thresholdsGiveWarningAndCritical() async throws {
        let warning = await RoundTripProbe(configuration: roundTrip(
            thresholds: ProbeThresholds(phases: ["total": .init(warning: .milliseconds(1))]))).run()
        #expect(warning.status == .warning)
        #expect(warning.reasons.contains { $0.kind == .threshold && $0.phase == "total" })
        let critical = await RoundTripProbe(configuration: roundTrip(
            thresholds: ProbeThresholds(phases: ["delivery": .init(warning: .zero, critical: .zero)],
                                        certificateWarningDays: 100_000))).run()
        #expect(critical.status == .critical)
        #expect(critical.reasons.contains { $0.kind == .certificateExpiring && $0.status == .warning })
    }

    @Test func orphanedProbesAreSwept() async throws {
        let session = IMAPConnection(configuration: imap("carol"))
        try await session.connect()
        let orphan = ProbeMessage(from: servers.user("alice").address, to: servers.user("carol").address)
        _ = try await session.append(orphan.bytes, to: "INBOX", date: IMAPInternalDate("01-Jan-2024 10:00:00 +0000"))
        try await session.logout()
        let result = await RoundTripProbe(configuration: roundTrip()).run()
        #expect(result.status == .ok, "reasons: \(result.reasons)")
        #expect(result.sweptMessages >= 1)
        #expect(try await probeMessages().isEmpty)
    }
}
