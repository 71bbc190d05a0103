import Foundation
import IMAPClient
import MailCore
import MailTestServer
import SMTPClient
import Testing

@testable import Probe

/// The single-service probes as `mailprobe smtp` / `imap` drive them, against the project's test mail server.
@Suite(.serialized) struct ServiceProbeTests {
    static let alice = TestMailUser(address: "alice@example.test", password: "alice-secret")
    static let bob = TestMailUser(address: "bob@example.test", password: "bob-secret")

    func start(_ faults: FaultPlan = .none) async throws -> TestMailServer {
        try await TestMailServer.start(.init(users: [Self.alice, Self.bob], faults: faults))
    }

    func smtp(_ server: TestMailServer) -> SMTPClientConfiguration {
        SMTPClientConfiguration(host: "127.0.0.1", port: server.ports.smtp ?? 0, security: .plain, clientHostname: "probe.example.test",
                                authentication: MailAuthentication(user: Self.alice.address, secret: .password(Self.alice.password)),
                                timeouts: .uniform(.seconds(10)), recordsTrace: true)
    }

    func imap(_ server: TestMailServer) -> IMAPClientConfiguration {
        IMAPClientConfiguration(host: "127.0.0.1", port: server.ports.imap ?? 0, security: .plain,
                                authentication: MailAuthentication(user: Self.bob.address, secret: .password(Self.bob.password)),
                                timeouts: .uniform(.seconds(10)), pollInterval: .milliseconds(100))
    }

    @Test func smtpProbeSendsTheCallersMessageToEveryRecipient() async throws {
        let server = try await start()
        defer { Task { await server.stop() } }
        let message = Array("From: <alice@example.test>\r\nSubject: mine\r\nX-MailProbe-Id: t-1\r\n\r\nhello\r\n".utf8)
        let probe = SMTPServiceProbe(configuration: smtp(server), sender: Self.alice.address,
                                     recipients: [Self.bob.address, Self.alice.address], send: true, content: .message(message, token: "t-1"))
        let record = await probe.run(probe: "smtp", startedAtMs: 5)
        #expect(record.status == .ok && record.kind == .smtp && record.token == "t-1", "\(record.reasons)")
        #expect(record.phases.filter { $0.name == "smtp.rcpt_to" }.count == 2)
        for user in [Self.bob, Self.alice] {
            let stored = String(decoding: try #require(server.mailbox(of: user.address)?.first).bytes, as: UTF8.self)
            #expect(stored.contains("Subject: mine") && stored.contains("hello"), "\(stored)")
        }
        #expect(record.traces?["smtp"]?.contains { $0.line == "EHLO probe.example.test" } == true, "the HELO name is the configuration's")
    }

    @Test func smtpProbeWithoutSendingHasNoToken() async throws {
        let server = try await start()
        defer { Task { await server.stop() } }
        let result = await SMTPServiceProbe(configuration: smtp(server), sender: Self.alice.address, send: false).run()
        #expect(result.status == .ok && result.token == nil && result.addresses["smtp"] == "127.0.0.1:\(server.ports.smtp ?? 0)")
        #expect(ProbeRunRecord(result, probe: "p", kind: .smtp, location: nil, startedAtMs: 0).token == nil)
    }

    @Test func imapWatchOnAServerWithoutIdlePollsAndFailsTheIdleCheck() async throws {
        let server = try await start(FaultPlan(omitsIdle: true))
        defer { Task { await server.stop() } }
        let probe = IMAPServiceProbe(configuration: imap(server), idleCheck: true, watch: .milliseconds(300))
        let record = await probe.run(probe: "imap", startedAtMs: 5)
        #expect(record.status == .critical && record.error?.phase == "imap.idle", "\(record.reasons)")
        #expect(record.idle == RunIdleWatch(mode: "poll", ms: 300, notifications: []))
        #expect(record.mailbox?.name == "INBOX" && record.mailbox?.exists == 0 && record.phases.last?.name == "total")
    }

    @Test func theServiceKeysRoundTripThroughJSON() throws {
        var record = ProbeRunRecord(probe: "imap", kind: .imap, startedAtMs: 5, status: .ok)
        let bare = String(decoding: try JSONEncoder().encode(record), as: UTF8.self)
        for key in ["addresses", "mailbox", "idle", "alerts", "token"] { #expect(!bare.contains("\"\(key)\""), "\(key) absent: \(bare)") }
        record.addresses = ["imap": "[::1]:993"]
        record.mailbox = RunMailbox(name: "INBOX", exists: 3, uidValidity: 7, uidNext: 9, readOnly: true)
        record.idle = RunIdleWatch(mode: "idle", ms: 1000, notifications: [.init(kind: "exists", ms: 12.5)])
        record.alerts = ["mailbox nearly full"]
        let data = try JSONEncoder().encode(record)
        #expect(try JSONDecoder().decode(ProbeRunRecord.self, from: data) == record)
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set((json["mailbox"] as? [String: Any] ?? [:]).keys) == ["name", "exists", "uidvalidity", "uidnext", "read_only"])
        #expect(Set((json["idle"] as? [String: Any] ?? [:]).keys) == ["mode", "ms", "notifications"])
    }
}
