import Foundation
import Testing

/// `mailprobe smtp` as a user runs it, against the real Postfix: exit codes,
/// JSON, and what stderr says on failure.
@Suite(.serialized) struct MailProbeCLITests {
    let servers: MailServers

    init() throws {
        servers = try MailServers.load()
    }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String

        var json: [String: Any]? {
            (try? JSONSerialization.jsonObject(with: Data(stdout.utf8))) as? [String: Any]
        }
    }

    /// The `mailprobe` built next to this test bundle.
    static var executable: URL {
        let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = me.deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("mailprobe")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return me.deletingLastPathComponent().appendingPathComponent("mailprobe")
    }

    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                   stderr: String(decoding: stderr, as: UTF8.self))
    }

    func submission(user: String = "alice", to recipient: String? = nil) -> [String] {
        ["smtp", "--server", "\(servers.tlsHost):\(servers.port("SUBMISSION"))", "--starttls",
         "--ca-file", servers.caFile, "--user", servers.user(user).address, "--password-env", "PROBE_PW",
         "--from", servers.user(user).address, "--to", recipient ?? servers.user("bob").address, "--timeout", "20"]
    }

    @Test func jsonReportOfASuccessfulSubmission() throws {
        let result = try run(submission() + ["--json"], environment: ["PROBE_PW": servers.user("alice").password])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let json = try #require(result.json)
        #expect(json["ok"] as? Bool == true)
        let names = (json["phases"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
        #expect(names == ["dns", "connect", "greeting", "ehlo", "starttls", "ehlo", "auth",
                          "mail_from", "rcpt_to", "data", "data_accepted", "quit"])
        #expect((json["queue_id"] as? String)?.isEmpty == false)
        let tls = try #require(json["tls"] as? [String: Any])
        #expect((tls["days_left"] as? Int ?? 0) > 0)
        #expect(tls["verified"] as? Bool == true)
        #expect((json["reply"] as? [String: Any])?["code"] as? Int == 221)
    }

    @Test func humanReportWithMaskedTrace() throws {
        let password = servers.user("alice").password
        let result = try run(submission() + ["--trace"], environment: ["PROBE_PW": password])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("data_accepted"))
        #expect(result.stdout.contains("AUTH PLAIN ****"))
        #expect(result.stdout.contains("days left"))
        #expect(!result.stdout.contains(password))
    }

    @Test func wrongPasswordExitsTwoNamingThePhaseAndQuotingTheServer() throws {
        let result = try run(submission() + ["--json"], environment: ["PROBE_PW": "not-the-password"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("auth"))
        #expect(result.stderr.contains("535"))
        let json = try #require(result.json)
        #expect(json["ok"] as? Bool == false)
        #expect((json["error"] as? [String: Any])?["phase"] as? String == "auth")
        #expect(!result.stdout.contains("not-the-password") && !result.stderr.contains("not-the-password"))
    }

    @Test func rejectedRecipientExitsTwoWithTheServersText() throws {
        let result = try run(submission(to: "nobody@example.test"), environment: ["PROBE_PW": servers.user("alice").password])
        #expect(result.status == 2)
        #expect(result.stderr.contains("rcpt_to"))
        #expect(result.stderr.contains("550 5.1.1"))
    }

    @Test func passwordFromAFile() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mailprobe-pw-\(UUID().uuidString)")
        try (servers.user("alice").password + "\n").write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        var arguments = submission()
        arguments[arguments.firstIndex(of: "--password-env")!] = "--password-file"
        arguments[arguments.firstIndex(of: "PROBE_PW")!] = file.path
        let result = try run(arguments)
        #expect(result.status == 0, "stderr: \(result.stderr)")
    }

    @Test func requiredTLSNotOfferedFailsClearly() throws {
        let result = try run(["smtp", "--server", "\(servers.host):\(servers.port("SMTP_NOTLS"))", "--starttls",
                              "--from", "alice@example.test", "--to", "bob@example.test"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("starttls"))
        #expect(result.stderr.contains("does not offer STARTTLS"))
    }

    @Test(arguments: [
        ["--tls", "--plain"],
        ["--user", "alice@example.test"],
        ["--password-env", "X"],
    ])
    func usageErrorsExit64(extra: [String]) throws {
        let result = try run(["smtp", "--server", "127.0.0.1:1", "--from", "a@example.test", "--to", "b@example.test"] + extra)
        #expect(result.status == 64)
    }

    func imap(_ extra: [String], user: String = "bob") -> [String] {
        ["imap", "--server", "\(servers.tlsHost):\(servers.port("IMAPS"))", "--tls", "--ca-file", servers.caFile,
         "--user", servers.user(user).address, "--password-env", "PROBE_PW", "--timeout", "20"] + extra
    }

    @Test func imapJSONReport() throws {
        let result = try run(imap(["--json"]), environment: ["PROBE_PW": servers.user("bob").password])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let json = try #require(result.json)
        #expect(json["ok"] as? Bool == true)
        let names = (json["phases"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
        #expect(names == ["dns", "connect", "tls", "greeting", "auth", "select", "logout"])
        let mailbox = try #require(json["mailbox"] as? [String: Any])
        #expect(mailbox["name"] as? String == "INBOX")
        #expect(mailbox["uidvalidity"] as? Int != nil)
        #expect((json["tls"] as? [String: Any])?["verified"] as? Bool == true)
    }

    @Test func imapIdleReportsADelivery() async throws {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = imap(["--idle", "4", "--json"])
        process.environment = ProcessInfo.processInfo.environment.merging(["PROBE_PW": servers.user("bob").password]) { $1 }
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        try await Task.sleep(for: .milliseconds(1500))
        let sender = try run(submission(), environment: ["PROBE_PW": servers.user("alice").password])
        #expect(sender.status == 0, "stderr: \(sender.stderr)")
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let json = try #require((try? JSONSerialization.jsonObject(with: data)) as? [String: Any])
        #expect(json["idle_mode"] as? String == "idle")
        let kinds = (json["notifications"] as? [[String: Any]])?.compactMap { $0["kind"] as? String } ?? []
        #expect(kinds.contains("exists"), "notifications: \(kinds)")
    }

    @Test func imapWrongPasswordExitsTwoNamingAuth() throws {
        let result = try run(imap([]), environment: ["PROBE_PW": "wrong"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("failed in phase auth"))
        #expect(result.stderr.contains("NO"))
    }
}
