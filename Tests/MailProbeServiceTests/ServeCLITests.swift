import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The `mailprobe` commands around the daemon, run as processes: `config check`, `alert test`
/// against a local webhook receiver, and `serve`'s JSON logs, its token rule and its bearer
/// token. No test secret shows in any output, answer or store file.
@Suite(.serialized) struct ServeCLITests {
    static let secrets = ["probe-pw-Lq04", "api-token-Zr55", "hook-secret-Pm23", "sms-token-Va19", "cmd-secret-Hd77"]
    static let environment = ["MPT_PROBE_PW": "probe-pw-Lq04", "MPT_API_TOKEN": "api-token-Zr55",
                              "MPT_HOOK_SECRET": "hook-secret-Pm23", "MPT_SMS_TOKEN": "sms-token-Va19"]

    /// A config for an account on `smtp`/`imap` (plain), serving on `port`, with a webhook at `hookPort`.
    static func config(smtp: Int = 2525, imap: Int = 1143, port: Int = 9925, hookPort: Int = 9, directory: String,
                       listen: String = "127.0.0.1", token: Bool = true, roundTrip: Bool = true) -> String {
        """
        location: lab
        accounts:
          probe:
            address: probe@example.test
            smtp: {server: "127.0.0.1:\(smtp)", tls: plain, password: {env: MPT_PROBE_PW}}
            imap: {server: "127.0.0.1:\(imap)", tls: plain, password: {command: "echo cmd-secret-Hd77"}}
        serve:
          listen: "\(listen):\(port)"
          data_dir: \(directory)/state
          grace: 5s
        \(token ? "  api_token: {env: MPT_API_TOKEN}" : "")
        notifiers:
          hook: {type: webhook, url: "http://127.0.0.1:\(hookPort)/hook", secret: {env: MPT_HOOK_SECRET}}
          sms: {type: sms, account_sid: AC0123, auth_token: {env: MPT_SMS_TOKEN}, from: "+15550100", to: ["+15550111"], base_url: "http://127.0.0.1:9"}
        probes:
          submission: {type: smtp, account: probe, send: false, interval: 1s, timeout: 5s, notify: [hook]}
        \(roundTrip ? "  loop: {type: roundtrip, account: probe, interval: 1h}" : "")
        """
    }

    /// A fresh directory with `text(directory)` as its `mailprobe.yaml`; returns both paths.
    static func write(_ text: (String) -> String) throws -> (directory: String, path: String) {
        let directory = NSTemporaryDirectory() + "mailprobe-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/mailprobe.yaml"
        try text(directory).write(toFile: path, atomically: true, encoding: .utf8)
        return (directory, path)
    }

    struct Finished {
        var status: Int32?
        var stdout: String
        var stderr: String
    }

    /// Runs `mailprobe ARGUMENTS` to its end (killed after `timeout`: `status` is then nil).
    static func mailprobe(_ arguments: [String], timeout: Duration = .seconds(30)) async throws -> Finished {
        let base = NSTemporaryDirectory() + "mailprobe-cli-run-\(UUID().uuidString)"
        defer { for suffix in [".out", ".err"] { try? FileManager.default.removeItem(atPath: base + suffix) } }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: DaemonProcess.mailprobe)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        for suffix in [".out", ".err"] { _ = FileManager.default.createFile(atPath: base + suffix, contents: nil) }
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: base + ".out"))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: base + ".err"))
        try process.run()
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        let timedOut = process.isRunning
        if timedOut { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        return Finished(status: timedOut ? nil : process.terminationStatus,
                        stdout: (try? String(contentsOfFile: base + ".out", encoding: .utf8)) ?? "",
                        stderr: (try? String(contentsOfFile: base + ".err", encoding: .utf8)) ?? "")
    }

    static func expectNoSecrets(_ finished: Finished, _ what: String) {
        let leaks = SecretScan.leaks(of: secrets, in: ["\(what) stdout": finished.stdout, "\(what) stderr": finished.stderr])
        #expect(leaks.isEmpty, "\(leaks)")
    }

    /// The 1-based line of the first line of `text` containing `marker`.
    static func line(of marker: String, in text: String) -> Int {
        (text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(marker) } ?? -1) + 1
    }

    // MARK: - config check

    @Test func configCheckListsProbesAndNotifiersAndNoSecret() async throws {
        let (directory, path) = try Self.write { Self.config(directory: $0) }
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try await Self.mailprobe(["config", "check", path])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.hasPrefix("\(path): ok\n"), "stdout: \(result.stdout)")
        for expected in ["location: lab", "probes (2):", "submission", "loop", "notify hook", "notifiers (2):", "hook: webhook",
                         "sms: sms", "listen 127.0.0.1:9925", "API token"] {
            #expect(result.stdout.contains(expected), "no \"\(expected)\" in: \(result.stdout)")
        }
        Self.expectNoSecrets(result, "config check")
    }

    /// A broken line, the key path the error must name, and text it must not echo.
    static let brokenFiles: [(replace: String, with: String, marker: String, key: String, hidden: String?)] = [
        ("tls: plain, password: {env: MPT_PROBE_PW}", "tsl: plain, password: {env: MPT_PROBE_PW}", "tsl:", "accounts.probe.smtp.tsl", nil),
        ("interval: 1s,", "interval: 0s,", "interval: 0s,", "probes.submission.interval", nil),
        ("password: {env: MPT_PROBE_PW}", "password: hunter2-Literal", "hunter2", "accounts.probe.smtp.password", "hunter2-Literal"),
        ("notify: [hook]", "notify: [pager]", "pager", "probes.submission.notify", nil),
    ]

    @Test(arguments: brokenFiles.indices) func configCheckNamesFileLineAndKey(_ index: Int) async throws {
        let broken = Self.brokenFiles[index]
        let (directory, path) = try Self.write { Self.config(directory: $0).replacingOccurrences(of: broken.replace, with: broken.with) }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try await Self.mailprobe(["config", "check", path])
        #expect(result.status == 78, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(result.stderr.contains("\(path):\(Self.line(of: broken.marker, in: text)):"), "stderr: \(result.stderr)")
        #expect(result.stderr.contains(broken.key), "stderr: \(result.stderr)")
        if let hidden = broken.hidden { #expect(!result.stderr.contains(hidden) && !result.stdout.contains(hidden)) }
        Self.expectNoSecrets(result, "config check")
    }

    @Test func configCheckAndServeRefuseAListenerBeyondLoopbackWithoutAToken() async throws {
        let port = LoopbackHTTP.freePort()
        let (directory, path) = try Self.write { Self.config(port: port, directory: $0, listen: "0.0.0.0", token: false) }
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let check = try await Self.mailprobe(["config", "check", path])
        #expect(check.status == 78 && check.stderr.contains("serve.api_token"), "stderr: \(check.stderr)")
        let serve = try await Self.mailprobe(["serve", "--config", path], timeout: .seconds(20))
        #expect(serve.status == 78, "stdout: \(serve.stdout) stderr: \(serve.stderr)")
        #expect(serve.stderr.contains("serve.api_token"), "stderr: \(serve.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory + "/state"), "it refused before opening the store")
        Self.expectNoSecrets(check, "config check")
        Self.expectNoSecrets(serve, "serve")
    }

    // MARK: - alert test

    @Test(arguments: [(HTTPResponse.Status.ok, Int32(0)), (.internalServerError, 2)])
    func alertTestReportsWhatTheReceiverAnswered(_ answer: HTTPResponse.Status, _ exit: Int32) async throws {
        let log = ReceiverLog()
        let receiver = Application(router: log.router(status: answer), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await receiver.test(.live) { client in
            let hookPort = try #require(client.port)
            let (directory, path) = try Self.write { Self.config(hookPort: hookPort, directory: $0) }
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let result = try await Self.mailprobe(["alert", "test", "hook", "--config", path])
            #expect(result.status == exit, "stdout: \(result.stdout) stderr: \(result.stderr)")
            let said = exit == 0 ? "hook: delivered (HTTP 200)" : "hook: FAILED (HTTP 500)"
            #expect(result.stdout.hasPrefix(said), "stdout: \(result.stdout)")
            let entry = try #require(log.all.first)
            #expect(entry.path == "/hook")
            let payload = try JSONSerialization.jsonObject(with: Data(entry.body.utf8)) as? [String: Any]
            #expect(payload?["event"] as? String == "test", "payload: \(entry.body)")
            #expect(SecretScan.leaks(of: Self.secrets, in: ["payload": entry.body]).isEmpty)
            Self.expectNoSecrets(result, "alert test")
        }
    }

    @Test func alertTestOfAnUnknownNotifierIsAConfigError() async throws {
        let (directory, path) = try Self.write { Self.config(directory: $0) }
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try await Self.mailprobe(["alert", "test", "pager", "--config", path])
        #expect(result.status == 78, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(result.stderr.contains("pager") && result.stderr.contains("hook, sms"), "stderr: \(result.stderr)")
        Self.expectNoSecrets(result, "alert test")
    }
}
