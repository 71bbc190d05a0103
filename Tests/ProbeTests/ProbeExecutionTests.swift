import Glibc
import MailTestServer
import Testing

@testable import Probe

/// Every configured probe kind, from YAML to run records, against the project's own test mail server.
@Suite(.serialized) struct ProbeExecutionTests {
    static let alice = TestMailUser(address: "alice@example.test", password: "alice-secret")
    static let bob = TestMailUser(address: "bob@example.test", password: "bob-secret")
    /// 2026-12-24T18:00:00Z: the injected wall clock.
    static let now: Int64 = 1_798_135_200_000

    init() {
        setenv("MAILPROBE_EXECUTION_TEST_ALICE_PW", Self.alice.password, 1)
        setenv("MAILPROBE_EXECUTION_TEST_BOB_PW", Self.bob.password, 1)
        unsetenv("MAILPROBE_EXECUTION_TEST_UNSET_PW")
    }

    func start(_ faults: FaultPlan = .none) async throws -> TestMailServer {
        try await TestMailServer.start(.init(users: [Self.alice, Self.bob], faults: faults))
    }

    /// The configuration a user would write for `server`, with one probe of each kind.
    func config(_ server: TestMailServer) throws -> ProbeConfigFile {
        func account(_ name: String, _ user: TestMailUser, password variable: String) -> String {
            """
              \(name):
                address: \(user.address)
                smtp: {server: "127.0.0.1:\(server.ports.smtp!)", tls: plain, password: {env: \(variable)}}
                imap: {server: "127.0.0.1:\(server.ports.imap!)", tls: plain, password: {env: \(variable)}}

            """
        }
        let yaml = "location: probe-execution-tests\naccounts:\n"
            + account("alice", Self.alice, password: "MAILPROBE_EXECUTION_TEST_ALICE_PW")
            + account("bob", Self.bob, password: "MAILPROBE_EXECUTION_TEST_BOB_PW")
            + account("nobody", Self.alice, password: "MAILPROBE_EXECUTION_TEST_UNSET_PW")
            + """
            defaults: {timeout: 10s, late_after: 5s, lost_after: 10s}
            probes:
              alice-roundtrip: {type: roundtrip, account: alice}
              both-ways: {type: transit, routes: [alice->bob, bob->alice]}
              alice-connect: {type: smtp, account: alice, send: false}
              alice-send: {type: smtp, account: alice, send: true}
              alice-idle: {type: imap, account: alice, idle_check: true}
              nobody-roundtrip: {type: roundtrip, account: nobody}
              nobody-transit: {type: transit, routes: [nobody->alice]}
              nobody-smtp: {type: smtp, account: nobody}
              nobody-imap: {type: imap, account: nobody}
            """
        return try ProbeConfigFile.parse(yaml: yaml, file: "execution.yaml")
    }

    func run(_ probe: String, on server: TestMailServer, recordsTrace: Bool = false) async throws -> [ProbeRunRecord] {
        let file = try config(server)
        return await ProbeExecution(file: file, spec: try file.probe(named: probe), recordsTrace: recordsTrace, wallClock: { Self.now }).run()
    }

    func names(_ record: ProbeRunRecord) -> [String] { record.phases.map(\.name) }

    @Test func roundTripProbe() async throws {
        let server = try await start()
        defer { Task { await server.stop() } }
        let records = try await run("alice-roundtrip", on: server)
        let record = try #require(records.count == 1 ? records.first : nil)
        #expect(record.status == .ok && record.state == .completed && record.reasons.isEmpty, "\(record.reasons)")
        #expect(record.probe == "alice-roundtrip" && record.kind == .roundTrip && record.route == nil)
        #expect(record.location == "probe-execution-tests" && record.startedAtMs == Self.now)
        #expect(record.endpoints == ["smtp": "127.0.0.1:\(server.ports.smtp!)", "imap": "127.0.0.1:\(server.ports.imap!)"])
        for phase in ["submit.auth", "submit.data_accepted", "delivery", "retrieve.fetch", "cleanup", "total"] {
            #expect(names(record).contains(phase), "\(phase) in \(names(record))")
        }
        #expect(names(record).last == "total" && record.durationMs == record.milliseconds(of: "total"))
        #expect(record.arrival?.mode != nil && record.arrival?.mailbox == "INBOX")
        #expect(record.queueID != nil && record.finalReply?.code == 250 && record.hops.count == 1 && record.tls.isEmpty)
        #expect(record.error == nil && record.traces == nil)
        #expect(server.deliveries.count == 1 && server.mailbox(of: Self.alice.address)?.isEmpty == true, "delivered, then cleaned up")
    }

    @Test func transitProbeGivesOneRecordPerRoute() async throws {
        let server = try await start()
        defer { Task { await server.stop() } }
        let records = try await run("both-ways", on: server)
        #expect(records.map(\.route) == ["alice->bob", "bob->alice"])
        #expect(records.allSatisfy { $0.kind == .transit && $0.probe == "both-ways" && $0.status == .ok }, "\(records.map(\.reasons))")
        #expect(server.deliveries.map(\.user).sorted() == [Self.alice.address, Self.bob.address])
    }

    @Test func smtpProbeWithoutSendingLeavesNothingBehind() async throws {
        let server = try await start()
        defer { Task { await server.stop() } }
        let records = try await run("alice-connect", on: server, recordsTrace: true)
        let record = try #require(records.count == 1 ? records.first : nil)
        #expect(record.status == .ok && record.kind == .smtp && record.reasons.isEmpty, "\(record.reasons)")
        #expect(record.endpoints == ["smtp": "127.0.0.1:\(server.ports.smtp!)"])
        let phases = names(record)
        for phase in ["smtp.connect", "smtp.greeting", "smtp.ehlo", "smtp.auth", "smtp.quit"] {
            #expect(phases.contains(phase), "\(phase) in \(phases)")
        }
        #expect(phases.firstIndex(of: "smtp.auth")! < phases.firstIndex(of: "smtp.quit")!)
        #expect(!phases.contains("smtp.mail_from") && !phases.contains("smtp.data") && phases.last == "total", "\(phases)")
        #expect(record.queueID == nil && record.finalReply == nil && record.arrival == nil)
        #expect(server.deliveries.isEmpty && server.mailbox(of: Self.alice.address)?.count == 0)
        // The transcript is recorded, and masks the password.
        let trace = try #require(record.traces?["smtp"])
        #expect(trace.contains { $0.dir == "C" && $0.line.hasPrefix("AUTH") } && trace.contains { $0.line.hasPrefix("QUIT") })
        #expect(!trace.contains { $0.line.contains(Self.alice.password) || $0.line.contains("YWxpY2Utc2VjcmV0") || $0.line.contains("AGFsaWNlQGV4YW1wbGUudGVzdABhbGljZS1zZWNyZXQ") })
    }

    @Test func smtpProbeThatSends() async throws {
        let server = try await start()
        defer { Task { await server.stop() } }
        let record = try #require(try await run("alice-send", on: server).first)
        #expect(record.status == .ok && record.kind == .smtp, "\(record.reasons)")
        for phase in ["smtp.auth", "smtp.mail_from", "smtp.rcpt_to", "smtp.data", "smtp.data_accepted", "smtp.quit", "total"] {
            #expect(names(record).contains(phase), "\(phase) in \(names(record))")
        }
        #expect(record.finalReply?.code == 250 && record.queueID != nil && record.queueID == server.deliveries.first?.queueID)
        #expect(server.deliveries.count == 1 && server.mailbox(of: Self.alice.address)?.count == 1)
        let token = try #require(record.token)
        let message = String(decoding: try #require(server.mailbox(of: Self.alice.address)?.first).bytes, as: UTF8.self)
        #expect(!token.isEmpty && message.contains(token), "the message carries the record's token")
    }

    @Test func imapProbeChecksIdle() async throws {
        let server = try await start()
        defer { Task { await server.stop() } }
        let record = try #require(try await run("alice-idle", on: server).first)
        #expect(record.status == .ok && record.kind == .imap && record.reasons.isEmpty, "\(record.reasons)")
        #expect(record.endpoints == ["imap": "127.0.0.1:\(server.ports.imap!)"])
        for phase in ["imap.auth", "imap.select", "total"] {
            #expect(names(record).contains(phase), "\(phase) in \(names(record))")
        }
    }

    @Test func imapProbeWithoutIdleIsCritical() async throws {
        let server = try await start(FaultPlan(omitsIdle: true))
        defer { Task { await server.stop() } }
        let record = try #require(try await run("alice-idle", on: server).first)
        #expect(record.status == .critical && record.kind == .imap)
        #expect(record.reasons.map(\.kind) == [.failed] && record.reasons.first?.phase == "imap.idle", "\(record.reasons)")
        #expect(record.error?.phase == "imap.idle" && record.error?.code == "failed")
        #expect(record.error?.message.contains("IDLE") == true)
        #expect(names(record).contains("imap.select"), "the session went as far as it could")
    }

    @Test(arguments: [
        ("nobody-roundtrip", ProbeRunRecord.Kind.roundTrip), ("nobody-transit", .transit), ("nobody-smtp", .smtp), ("nobody-imap", .imap),
    ])
    func anUnsetPasswordGivesOneUnknownRecord(probe: String, kind: ProbeRunRecord.Kind) async throws {
        let server = try await start()
        defer { Task { await server.stop() } }
        let records = try await run(probe, on: server)
        let record = try #require(records.count == 1 ? records.first : nil)
        #expect(record.probe == probe && record.kind == kind && record.state == .completed && record.status == .unknown)
        #expect(record.startedAtMs == Self.now && record.durationMs == 0 && record.phases.isEmpty && record.route == nil)
        #expect(record.reasons.map(\.kind) == [.invalid] && record.reasons.first?.status == .unknown)
        let message = try #require(record.reasons.first?.message)
        #expect(message.contains("environment variable MAILPROBE_EXECUTION_TEST_UNSET_PW is not set or empty"), "\(message)")
        #expect(record.error == ProbeRunRecord.Failure(phase: nil, code: "invalid", message: message))
        #expect(server.sessionCounts.smtp == 0 && server.sessionCounts.imap == 0, "nothing was attempted")
    }
}
