import Foundation
import MailTestServer
import Probe
import Testing

/// `mailprobe smtp`, `imap` and `check smtp|imap` as a user runs them, against the project's own test
/// mail server in-process: `--json` is the run record, the exit status its outcome.
@Suite(.serialized) struct ServiceProbeCLITests {
    static let alice = TestMailUser(address: "alice@example.test", password: "alice-secret")
    static let bob = TestMailUser(address: "bob@example.test", password: "bob-secret")
    static let environment = ["MAILPROBE_CLI_TEST_PW": alice.password, "MAILPROBE_CLI_TEST_BOB_PW": bob.password]

    struct Run {
        var status: Int32?
        var stdout: [String]
        var stderr: String

        /// The one line of `--json`, decoded.
        func record() throws -> ProbeRunRecord {
            let line = try #require(stdout.count == 1 ? stdout.first : nil, "one JSON line: \(stdout) stderr: \(stderr)")
            return try JSONDecoder().decode(ProbeRunRecord.self, from: Data(line.utf8))
        }
    }

    func start(_ faults: FaultPlan = .none) async throws -> TestMailServer {
        try await TestMailServer.start(.init(users: [Self.alice, Self.bob], faults: faults))
    }

    /// Runs `mailprobe` to its end and collects its output; `expecting` is in its last stdout line.
    func mailprobe(_ arguments: [String], expecting last: String = "{") async throws -> Run {
        let child = try DaemonProcess(DaemonProcess.mailprobe, arguments, environment: Self.environment)
        let status = await child.wait(timeout: .seconds(60))
        // The reader thread may still be copying the last line after the exit.
        _ = await child.line(timeout: .seconds(5)) { $0.contains(last) }
        return Run(status: status, stdout: child.stdoutLines, stderr: child.stderr)
    }

    func smtp(_ server: TestMailServer, to recipients: [String] = [Self.bob.address], _ extra: [String] = []) -> [String] {
        ["smtp", "--server", "127.0.0.1:\(server.ports.smtp ?? 0)", "--plain", "--user", Self.alice.address,
         "--password-env", "MAILPROBE_CLI_TEST_PW", "--from", Self.alice.address, "--timeout", "10"]
            + recipients.flatMap { ["--to", $0] } + extra
    }

    func imap(_ server: TestMailServer, password variable: String = "MAILPROBE_CLI_TEST_BOB_PW", _ extra: [String] = []) -> [String] {
        ["imap", "--server", "127.0.0.1:\(server.ports.imap ?? 0)", "--plain", "--user", Self.bob.address,
         "--password-env", variable, "--timeout", "10"] + extra
    }

    @Test func smtpJSONIsTheRunRecord() async throws {
        let server = try await start()
        defer { Task { await server.stop() } }
        let run = try await mailprobe(smtp(server, to: [Self.bob.address, Self.alice.address], ["--subject", "hello", "--json", "--trace"]))
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let record = try run.record()
        #expect(record.schemaVersion == 1 && record.kind == .smtp && record.probe == "smtp" && record.state == .completed)
        #expect(record.status == .ok && record.ok && record.reasons.isEmpty && record.error == nil, "\(record.reasons)")
        // An address needs no DNS: `smtp.dns` may or may not be there.
        let names = record.phases.map(\.name).filter { $0 != "smtp.dns" }
        #expect(names == ["smtp.connect", "smtp.greeting", "smtp.ehlo", "smtp.auth", "smtp.mail_from",
                          "smtp.rcpt_to", "smtp.rcpt_to", "smtp.data", "smtp.data_accepted", "smtp.quit", "total"], "\(names)")
        #expect(record.durationMs == record.milliseconds(of: "total"))
        let port = server.ports.smtp ?? 0
        #expect(record.endpoints == ["smtp": "127.0.0.1:\(port)"] && record.addresses == ["smtp": "127.0.0.1:\(port)"])
        #expect(record.finalReply?.code == 250 && record.queueID != nil && record.queueID == server.deliveries.first?.queueID)
        #expect(record.tls.isEmpty && record.arrival == nil && record.mailbox == nil)
        // Both recipients got the message with --subject, carrying the record's token.
        let token = try #require(record.token)
        for user in [Self.bob, Self.alice] {
            let message = String(decoding: try #require(server.mailbox(of: user.address)?.first).bytes, as: UTF8.self)
            #expect(message.contains("X-MailProbe-Id: \(token)") && message.contains("Subject: hello"), "\(message)")
        }
        let trace = try #require(record.traces?["smtp"])
        #expect(trace.contains { $0.dir == "C" && $0.line.hasPrefix("AUTH") } && trace.contains { $0.line.hasPrefix("QUIT") })
        #expect(run.stdout.allSatisfy { !$0.contains(Self.alice.password) })
    }

    @Test func smtpTextReport() async throws {
        let server = try await start()
        defer { Task { await server.stop() } }
        let run = try await mailprobe(smtp(server, ["--trace"]), expecting: "S: 221")
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let port = server.ports.smtp ?? 0
        #expect(run.stdout.first == "SMTP 127.0.0.1:\(port) (127.0.0.1:\(port)): OK", "\(run.stdout)")
        #expect(run.stdout.contains { $0.hasPrefix("  data_accepted ") } && run.stdout.contains { $0.hasPrefix("  total ") })
        #expect(run.stdout.contains { $0.hasPrefix("queue id:  ") } && run.stdout.contains { $0.hasPrefix("reply:     250 ") })
        #expect(run.stdout.contains { $0.contains(" ms C: AUTH PLAIN ****") }, "\(run.stdout)")
    }

    @Test(arguments: [
        ("550", "5.1.1 no such user here", ProbeStatus.critical, Int32(2)),
        ("451", "4.3.0 try again later", ProbeStatus.warning, Int32(1)),
    ])
    func smtpRejectedRecipient(code: String, text: String, status: ProbeStatus, exit: Int32) async throws {
        var faults = FaultPlan()
        faults.add(.reply(code: code, text: text), at: .smtp("rcpt_to"))
        let server = try await start(faults)
        defer { Task { await server.stop() } }
        let run = try await mailprobe(smtp(server, ["--json"]))
        #expect(run.status == exit, "stderr: \(run.stderr)")
        let record = try run.record()
        #expect(record.kind == .smtp && record.status == status && !record.ok)
        let error = try #require(record.error)
        #expect(error.phase == "smtp.rcpt_to" && error.code == "smtp_rejected", "\(error)")
        #expect(error.reply == ProbeRunRecord.Reply(code: Int(code), enhanced: String(text.prefix(5)), text: String(text.dropFirst(6))))
        #expect(record.phases.map(\.name).contains("smtp.rcpt_to") && record.finalReply == nil && record.queueID == nil)
        #expect(server.deliveries.isEmpty)
        #expect(run.stderr.contains("failed in phase rcpt_to") && run.stderr.contains("\(code) \(text)"), "\(run.stderr)")
    }

    @Test func imapJSONIsTheRunRecord() async throws {
        let server = try await start()
        defer { Task { await server.stop() } }
        let run = try await mailprobe(imap(server, ["--json"]))
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let record = try run.record()
        #expect(record.schemaVersion == 1 && record.kind == .imap && record.probe == "imap" && record.status == .ok, "\(record.reasons)")
        let names = record.phases.map(\.name)
        for phase in ["imap.connect", "imap.greeting", "imap.auth", "imap.select", "imap.logout"] {
            #expect(names.contains(phase), "\(phase) in \(names)")
        }
        #expect(names.last == "total" && record.token == nil && record.idle == nil)
        let mailbox = try #require(record.mailbox)
        #expect(mailbox.name == "INBOX" && mailbox.exists == 0 && mailbox.uidValidity != nil && !mailbox.readOnly)
        let port = server.ports.imap ?? 0
        #expect(record.endpoints == ["imap": "127.0.0.1:\(port)"] && record.addresses == ["imap": "127.0.0.1:\(port)"])
    }

    @Test func imapIdleRecordsTheNotifications() async throws {
        let server = try await start()
        defer { Task { await server.stop() } }
        async let idling = mailprobe(imap(server, ["--idle", "6", "--json"]))
        // The child needs a moment to reach IDLE (longer on a loaded machine): send twice, one lands in IDLE.
        for delay in [2000, 1500] {
            try await Task.sleep(for: .milliseconds(delay))
            let sent = try await mailprobe(smtp(server), expecting: "  total")
            #expect(sent.status == 0, "stderr: \(sent.stderr)")
        }
        let record = try await idling.record()
        #expect(record.status == .ok, "\(record.reasons)")
        let idle = try #require(record.idle)
        #expect(idle.mode == "idle" && idle.ms == 6000)
        #expect(idle.notifications.contains { $0.kind == "exists" && $0.ms > 0 && $0.ms < 6000 }, "\(idle.notifications)")
    }

    @Test func imapWrongPasswordCarriesTheServersAnswer() async throws {
        let server = try await start()
        defer { Task { await server.stop() } }
        let run = try await mailprobe(imap(server, password: "MAILPROBE_CLI_TEST_PW", ["--json"]))
        #expect(run.status == 2)
        let record = try run.record()
        #expect(record.kind == .imap && record.status == .critical && record.mailbox == nil)
        let error = try #require(record.error)
        #expect(error.phase == "imap.auth" && error.code == "auth_failed" && error.reply?.text.hasPrefix("NO") == true, "\(error)")
        #expect(run.stderr.contains("failed in phase auth"), "\(run.stderr)")
    }

    /// `limits` is how the perfdata shows the threshold given.
    @Test(arguments: [
        (["--threshold", "ehlo=0ms,0ms"], "MAILPROBE CRITICAL - smtp ", "s;0;0;0; 'auth'=", Int32(2)),
        (["--threshold", "total=0ms"], "MAILPROBE WARNING - smtp ", "s;0;;0;", Int32(1)),
        ([], "MAILPROBE OK - smtp ", "s;;;0;", Int32(0)),
    ])
    func checkSMTPFollowsTheThresholds(thresholds: [String], prefix: String, limits: String, exit: Int32) async throws {
        let server = try await start()
        defer { Task { await server.stop() } }
        let run = try await mailprobe(["check"] + smtp(server) + thresholds, expecting: "MAILPROBE")
        #expect(run.status == exit, "\(run.stdout) \(run.stderr)")
        let line = try #require(run.stdout.first)
        #expect(line.hasPrefix(prefix) && line.contains("'ehlo'=") && line.contains("'data_accepted'=") && line.contains("'total'="), "\(line)")
        #expect(line.contains(limits), "\(line)")
    }

    @Test func checkIMAPFailureIsCritical() async throws {
        var faults = FaultPlan()
        faults.add(.reply(code: "NO", text: "[UNAVAILABLE] mailbox offline"), at: .imap("select"))
        let server = try await start(faults)
        defer { Task { await server.stop() } }
        let run = try await mailprobe(["check"] + imap(server), expecting: "MAILPROBE")
        #expect(run.status == 2, "\(run.stdout) \(run.stderr)")
        #expect(run.stdout.first?.hasPrefix("MAILPROBE CRITICAL - imap failed") == true, "\(run.stdout)")
        #expect(run.stdout.first?.contains("'select'=") == true)
    }
}
