import Foundation
import Testing

/// `mailprobe smtp` as a user runs it, against the real Postfix: exit codes,
/// JSON (the run record), and what stderr says on failure.
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

    /// Runs `mailprobe` on a thread of its own: waiting for a process must not block the cooperative pool.
    func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> Run {
        let executable = Self.executable
        let environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        return try await withCheckedThrowingContinuation { continuation in
            Thread {
                let process = Process()
                process.executableURL = executable
                process.arguments = arguments
                process.environment = environment
                // stdout through a pipe, stderr through a file: neither can fill up and stall the child.
                let errPath = FileManager.default.temporaryDirectory.appendingPathComponent("mailprobe-stderr-\(UUID().uuidString)")
                _ = FileManager.default.createFile(atPath: errPath.path, contents: nil)
                defer { try? FileManager.default.removeItem(at: errPath) }
                let out = Pipe()
                process.standardOutput = out
                do {
                    process.standardError = try FileHandle(forWritingTo: errPath)
                    try process.run()
                } catch {
                    continuation.resume(throwing: error)
                    return
                }
                let stdout = out.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                let stderr = FileManager.default.contents(atPath: errPath.path) ?? Data()
                continuation.resume(returning: Run(status: process.terminationStatus,
                                                   stdout: String(decoding: stdout, as: UTF8.self),
                                                   stderr: String(decoding: stderr, as: UTF8.self)))
            }.start()
        }
    }

    func submission(user: String = "alice", to recipient: String? = nil) -> [String] {
        ["smtp", "--server", "\(servers.tlsHost):\(servers.port("SUBMISSION"))", "--starttls",
         "--ca-file", servers.caFile, "--user", servers.user(user).address, "--password-env", "PROBE_PW",
         "--from", servers.user(user).address, "--to", recipient ?? servers.user("bob").address, "--timeout", "20"]
    }

    @Test func jsonReportOfASuccessfulSubmission() async throws {
        let result = try await run(submission() + ["--json"], environment: ["PROBE_PW": servers.user("alice").password])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let json = try #require(result.json)
        #expect(json["ok"] as? Bool == true)
        #expect(json["schema_version"] as? Int == 1 && json["kind"] as? String == "smtp" && json["outcome"] as? String == "ok")
        let names = (json["phases"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
        #expect(names == ["dns", "connect", "greeting", "ehlo", "starttls", "ehlo", "auth",
                          "mail_from", "rcpt_to", "data", "data_accepted", "quit"].map { "smtp.\($0)" } + ["total"])
        #expect((json["queue_id"] as? String)?.isEmpty == false)
        let tls = try #require((json["tls"] as? [String: Any])?["smtp"] as? [String: Any])
        #expect((tls["days_left"] as? Int ?? 0) > 0)
        #expect(tls["verified"] as? Bool == true)
        #expect((json["final_reply"] as? [String: Any])?["code"] as? Int == 250)
    }

    @Test func humanReportWithMaskedTrace() async throws {
        let password = servers.user("alice").password
        let result = try await run(submission() + ["--trace"], environment: ["PROBE_PW": password])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("data_accepted"))
        #expect(result.stdout.contains("AUTH PLAIN ****"))
        #expect(result.stdout.contains("days left"))
        #expect(!result.stdout.contains(password))
    }

    @Test func wrongPasswordExitsTwoNamingThePhaseAndQuotingTheServer() async throws {
        let result = try await run(submission() + ["--json"], environment: ["PROBE_PW": "not-the-password"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("auth"))
        #expect(result.stderr.contains("535"))
        let json = try #require(result.json)
        #expect(json["ok"] as? Bool == false)
        #expect((json["error"] as? [String: Any])?["phase"] as? String == "smtp.auth")
        #expect(!result.stdout.contains("not-the-password") && !result.stderr.contains("not-the-password"))
    }

    @Test func rejectedRecipientExitsTwoWithTheServersText() async throws {
        let result = try await run(submission(to: "nobody@example.test"), environment: ["PROBE_PW": servers.user("alice").password])
        #expect(result.status == 2)
        #expect(result.stderr.contains("rcpt_to"))
        #expect(result.stderr.contains("550 5.1.1"))
    }

    @Test func passwordFromAFile() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mailprobe-pw-\(UUID().uuidString)")
        try (servers.user("alice").password + "\n").write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        var arguments = submission()
        arguments[arguments.firstIndex(of: "--password-env")!] = "--password-file"
        arguments[arguments.firstIndex(of: "PROBE_PW")!] = file.path
        let result = try await run(arguments)
        #expect(result.status == 0, "stderr: \(result.stderr)")
    }

    @Test func requiredTLSNotOfferedFailsClearly() async throws {
        let result = try await run(["smtp", "--server", "\(servers.host):\(servers.port("SMTP_NOTLS"))", "--starttls",
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
    func usageErrorsExit64(extra: [String]) async throws {
        let result = try await run(["smtp", "--server", "127.0.0.1:1", "--from", "a@example.test", "--to", "b@example.test"] + extra)
        #expect(result.status == 64)
    }

    func imap(_ extra: [String], user: String = "bob") -> [String] {
        ["imap", "--server", "\(servers.tlsHost):\(servers.port("IMAPS"))", "--tls", "--ca-file", servers.caFile,
         "--user", servers.user(user).address, "--password-env", "PROBE_PW", "--timeout", "20"] + extra
    }

    @Test func imapJSONReport() async throws {
        let result = try await run(imap(["--json"]), environment: ["PROBE_PW": servers.user("bob").password])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let json = try #require(result.json)
        #expect(json["ok"] as? Bool == true)
        let names = (json["phases"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
        #expect(names == ["dns", "connect", "tls", "greeting", "auth", "select", "logout"].map { "imap.\($0)" } + ["total"])
        #expect(json["kind"] as? String == "imap")
        let mailbox = try #require(json["mailbox"] as? [String: Any])
        #expect(mailbox["name"] as? String == "INBOX")
        #expect(mailbox["uidvalidity"] as? Int != nil)
        #expect(((json["tls"] as? [String: Any])?["imap"] as? [String: Any])?["verified"] as? Bool == true)
    }

    @Test func imapIdleReportsADelivery() async throws {
        async let idling = run(imap(["--idle", "8", "--json"]), environment: ["PROBE_PW": servers.user("bob").password])
        // The child needs a moment to reach IDLE (longer on a loaded machine): send twice, one will land in IDLE.
        for delay in [2000, 2500] {
            try await Task.sleep(for: .milliseconds(delay))
            let sender = try await run(submission(), environment: ["PROBE_PW": servers.user("alice").password])
            #expect(sender.status == 0, "stderr: \(sender.stderr)")
        }
        let result = try await idling
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let json = try #require(result.json)
        let idle = try #require(json["idle"] as? [String: Any])
        #expect(idle["mode"] as? String == "idle")
        let kinds = (idle["notifications"] as? [[String: Any]])?.compactMap { $0["kind"] as? String } ?? []
        #expect(kinds.contains("exists"), "notifications: \(kinds)")
    }

    @Test func imapWrongPasswordExitsTwoNamingAuth() async throws {
        let result = try await run(imap([]), environment: ["PROBE_PW": "wrong"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("failed in phase auth"))
        #expect(result.stderr.contains("NO"))
    }

    @Test func checkRoundTripExitCodesFollowThresholds() async throws {
        let flags = ["--smtp-server", "\(servers.host):\(servers.port("SMTP"))", "--smtp-plain",
                     "--imap-server", "\(servers.tlsHost):\(servers.port("IMAPS"))", "--imap-tls", "--imap-ca-file", servers.caFile,
                     "--imap-user", servers.user("carol").address, "--imap-password-env", "PROBE_PW",
                     "--from", servers.user("alice").address, "--to", servers.user("carol").address]
        let environment = ["PROBE_PW": servers.user("carol").password]
        let ok = try await run(["check", "roundtrip"] + flags, environment: environment)
        #expect(ok.status == 0, "\(ok.stdout)")
        #expect(ok.stdout.hasPrefix("MAILPROBE OK - round trip"))
        #expect(ok.stdout.contains("'submit_data_accepted'="))
        let warning = try await run(["check", "roundtrip", "--threshold", "total=1ms"] + flags, environment: environment)
        #expect(warning.status == 1, "\(warning.stdout)")
        #expect(warning.stdout.hasPrefix("MAILPROBE WARNING"))
        let critical = try await run(["check", "roundtrip", "--threshold", "delivery=0ms,0ms"] + flags, environment: environment)
        #expect(critical.status == 2, "\(critical.stdout)")
        let unknown = try await run(["check", "roundtrip", "--smtp-server", "x"])
        #expect(unknown.status == 3)
        #expect(unknown.stdout.hasPrefix("MAILPROBE UNKNOWN"))
    }

    @Test func checkSMTPAndIMAP() async throws {
        let smtp = try await run(["check"] + submission() + ["--threshold", "ehlo=0ms,0ms"],
                                 environment: ["PROBE_PW": servers.user("alice").password])
        #expect(smtp.status == 2, "\(smtp.stdout)")
        #expect(smtp.stdout.contains("'ehlo'=") && smtp.stdout.contains("'ehlo_2'="), "both EHLOs, unique labels")
        let imap = try await run(["check"] + imap([]), environment: ["PROBE_PW": "wrong"])
        #expect(imap.status == 2)
        #expect(imap.stdout.hasPrefix("MAILPROBE CRITICAL - imap failed"))
    }

    @Test func roundTripJSONWithMaskedTraces() async throws {
        let password = servers.user("carol").password
        let result = try await run(["roundtrip", "--smtp-server", "\(servers.host):\(servers.port("SMTP"))", "--smtp-plain",
                                    "--imap-server", "\(servers.tlsHost):\(servers.port("IMAPS"))", "--imap-tls",
                                    "--imap-ca-file", servers.caFile, "--imap-user", servers.user("carol").address,
                                    "--imap-password-env", "PROBE_PW", "--from", servers.user("alice").address,
                                    "--to", servers.user("carol").address, "--json", "--trace"],
                                   environment: ["PROBE_PW": password])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(result.json)
        #expect(json["outcome"] as? String == "ok")
        let traces = try #require(json["traces"] as? [String: Any])
        #expect(Set(traces.keys) == ["smtp", "imap.idle", "imap.poll"])
        #expect(!result.stdout.contains(password))
        #expect((json["hops"] as? [[String: Any]])?.isEmpty == false)
    }

    /// A config file for alice and carol on the private Postfix + Dovecot.
    func writeConfig() throws -> URL {
        func account(_ name: String) -> String {
            let user = servers.user(name)
            return """
              \(name):
                address: \(user.address)
                smtp:
                  server: "\(servers.tlsHost):\(servers.port("SUBMISSION"))"
                  tls: starttls
                  ca_file: \(servers.caFile)
                  password: {env: PROBE_\(name.uppercased())_PW}
                imap:
                  server: "\(servers.tlsHost):\(servers.port("IMAPS"))"
                  tls: tls
                  ca_file: \(servers.caFile)
                  password: {env: PROBE_\(name.uppercased())_PW}

            """
        }
        let yaml = """
            location: integration-tests
            accounts:
            \(account("alice"))\(account("carol"))probes:
              carol-roundtrip:
                type: roundtrip
                account: carol
                late_after: 10s
                lost_after: 30s
              both-ways:
                type: transit
                routes: [alice->carol, carol->alice]
                late_after: 10s
                lost_after: 30s
                thresholds:
                  delivery: {warning: 60s, critical: 5m}

            """
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mailprobe-\(UUID().uuidString).yaml")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    var configEnvironment: [String: String] {
        ["PROBE_ALICE_PW": servers.user("alice").password, "PROBE_CAROL_PW": servers.user("carol").password]
    }

    @Test func roundTripAndTransitFromAConfigFile() async throws {
        let config = try writeConfig()
        defer { try? FileManager.default.removeItem(at: config) }
        let roundTrip = try await run(["roundtrip", "--config", config.path, "--probe", "carol-roundtrip", "--json"],
                                      environment: configEnvironment)
        #expect(roundTrip.status == 0, "\(roundTrip.stdout) \(roundTrip.stderr)")
        #expect(roundTrip.json?["outcome"] as? String == "ok")

        let transit = try await run(["transit", "--config", config.path, "--json"], environment: configEnvironment)
        #expect(transit.status == 0, "\(transit.stdout) \(transit.stderr)")
        let routes = (transit.json?["routes"] as? [[String: Any]])?.compactMap { $0["route"] as? String }
        #expect(routes == ["alice->carol", "carol->alice"])

        let check = try await run(["check", "transit", "--config", config.path, "--route", "carol->alice"],
                                  environment: configEnvironment)
        #expect(check.status == 0, "\(check.stdout)")
        #expect(check.stdout.hasPrefix("MAILPROBE OK - round trip"))
        #expect(check.stdout.contains(";60;300;0;"), "the config's delivery thresholds in the perfdata")

        let missing = try await run(["roundtrip", "--config", config.path, "--probe", "carol-roundtrip"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("PROBE_CAROL_PW"))
        #expect(!missing.stderr.contains(servers.user("carol").password))
    }
}
