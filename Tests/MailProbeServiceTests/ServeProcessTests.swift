import Foundation
import HistoryStore
import Hummingbird
import HummingbirdTesting
import IMAPClient
import IMAPCore
import MailCore
import Probe
import Testing

/// `mailprobe serve` as a process against `mailprobe test-server` in another: an injected AUTH delay
/// raises a critical alert after `for` runs at a webhook, a Twilio-shaped receiver, an e-mail
/// mailbox and a command; the recovery notice follows when the fault ends; a real Prometheus
/// scrapes it and a real Alertmanager receives its alert; SIGTERM stops it within its grace.
@Suite(.serialized) struct ServeProcessTests {
    static func twilioRouter(_ log: ReceiverLog) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.post("/**") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            log.append(ReceiverLog.Entry(path: request.uri.path, authorization: request.headers[.authorization], body: String(buffer: body)))
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            return Response(status: .created, headers: headers,
                            body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"sid": "SM1", "status": "queued", "error_code": null}"#)))
        }
        return router
    }

    struct Setup {
        var directory: String
        var configPath: String
        var servePort: Int
        var alertmanagerPort: Int
        var commandOutput: String
    }

    static func writeConfig(smtp: Int, imap: Int, receiverPort: Int) throws -> Setup {
        let directory = NSTemporaryDirectory() + "mailprobe-serve-process-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let servePort = LoopbackHTTP.freePort()
        let alertmanagerPort = LoopbackHTTP.freePort()
        let commandOutput = directory + "/command.out"
        let script = directory + "/page.sh"
        try "#!/bin/sh\n{ echo \"event=$MAILPROBE_EVENT probe=$MAILPROBE_PROBE\"; cat; echo; } >> \(commandOutput)\n"
            .write(toFile: script, atomically: true, encoding: .utf8)
        chmod(script, 0o755)
        let config = """
        \(head(smtp: smtp, imap: imap, servePort: servePort, directory: directory))
          public_url: "http://127.0.0.1:\(servePort)"
          traces: failures
          grace: 5s
        alerts: {for: 2, resolve_after: 2}
        notifiers:
          hook: {type: webhook, url: "http://127.0.0.1:\(receiverPort)/hook"}
          sms: {type: sms, account_sid: AC0123, auth_token: {env: TWILIO_TOKEN}, from: "+15550100", to: ["+15550111"], base_url: "http://127.0.0.1:\(receiverPort)"}
          mail: {type: email, account: alice, to: [bob@example.test]}
          pager: {type: command, command: [\(script)], timeout: 10s}
          am: {type: alertmanager, url: "http://127.0.0.1:\(alertmanagerPort)"}
        probes:
          submission:
            type: smtp
            account: alice
            send: false
            interval: 1s
            timeout: 10s
            thresholds: {smtp.auth: {critical: 1s}}
            notify: [hook, sms, mail, pager, am]
        """
        let path = directory + "/mailprobe.yaml"
        try config.write(toFile: path, atomically: true, encoding: .utf8)
        return Setup(directory: directory, configPath: path, servePort: servePort, alertmanagerPort: alertmanagerPort, commandOutput: commandOutput)
    }

    static let environment = ["ALICE_PW": "alice-secret", "TWILIO_TOKEN": "twilio-token-Qv93"]

    /// The config's first lines: location, alice on the test server, and `serve:` up to its data directory.
    static func head(smtp: Int, imap: Int, servePort: Int, directory: String) -> String {
        """
        location: lab
        accounts:
          alice:
            address: alice@example.test
            smtp: {server: "127.0.0.1:\(smtp)", tls: plain, password: {env: ALICE_PW}}
            imap: {server: "127.0.0.1:\(imap)", tls: plain, password: {env: ALICE_PW}}
        serve:
          listen: "127.0.0.1:\(servePort)"
          data_dir: \(directory)/state
        """
    }

    @Test func faultRaisesAlertsAtEveryNotifierAndRecoveryFollows() async throws {
        let log = ReceiverLog()
        let receiver = Application(router: Self.twilioRouter(log), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await receiver.test(.live) { client in
            var (server, smtp, imap) = try await DaemonProcess.testServer(["--delay", "smtp.auth=1500ms"])
            let setup = try Self.writeConfig(smtp: smtp, imap: imap, receiverPort: client.port!)
            let alertmanager = try DaemonProcess("/usr/bin/prometheus-alertmanager", [
                "--config.file=\(try Self.alertmanagerConfig(setup.directory))", "--storage.path=\(setup.directory)/am",
                "--web.listen-address=127.0.0.1:\(setup.alertmanagerPort)", "--cluster.listen-address=",
            ])
            let serve = try DaemonProcess(DaemonProcess.mailprobe, ["serve", "--config", setup.configPath], environment: Self.environment)

            // 1. Critical after two slow AUTHs: every notifier hears it once.
            #expect(await log.wait(timeout: .seconds(40)) { entries in
                entries.contains { $0.path == "/hook" && $0.body.contains("\"event\":\"firing\"") }
                    && entries.contains { $0.path.hasSuffix("/Messages.json") }
            }, "serve stderr: \(serve.stderr)")
            let firing = try #require(log.all.first { $0.path == "/hook" && $0.body.contains("\"event\":\"firing\"") })
            #expect(firing.body.contains("CRITICAL submission (lab)"))
            #expect(firing.body.contains("smtp.auth"))
            let sms = try #require(log.all.first { $0.path.hasSuffix("/Messages.json") })
            #expect(sms.path == "/2010-04-01/Accounts/AC0123/Messages.json")
            #expect(sms.authorization == "Basic " + Data("AC0123:twilio-token-Qv93".utf8).base64EncodedString())
            #expect(sms.body.contains("To=%2B15550111") && sms.body.contains("From=%2B15550100") && sms.body.contains("Body=CRITICAL"))
            #expect(await Self.waitForFile(setup.commandOutput) { $0.contains("event=firing probe=submission") })
            let mail = await Self.mailSubjects(imapPort: imap)
            #expect(mail.contains { $0.contains("CRITICAL submission") }, "bob's mailbox: \(mail)")
            let alerts = await LoopbackHTTP.poll("http://127.0.0.1:\(setup.alertmanagerPort)/api/v2/alerts") { status, body in
                status == 200 && body.contains("\"probe\":\"submission\"")
            }
            #expect(alerts?.body.contains("\"severity\":\"critical\"") == true, "alertmanager: \(alerts?.body ?? "no answer") \(alertmanager.stderr.suffix(500))")

            // 2. /metrics passes promtool and a real Prometheus scrapes it.
            let metrics = await LoopbackHTTP.request("http://127.0.0.1:\(setup.servePort)/metrics")
            #expect(metrics?.status == 200)
            let lint = try Self.promtoolCheck(metrics?.body ?? "", directory: setup.directory)
            #expect(lint.ok, "promtool check metrics: \(lint.output)")
            let prometheusPort = LoopbackHTTP.freePort()
            let prometheus = try DaemonProcess("/usr/bin/prometheus", [
                "--config.file=\(try Self.prometheusConfig(setup.directory, target: setup.servePort))",
                "--storage.tsdb.path=\(setup.directory)/tsdb", "--web.listen-address=127.0.0.1:\(prometheusPort)",
            ])
            let query = "http://127.0.0.1:\(prometheusPort)/api/v1/query?query=mailprobe_probe_phase_duration_seconds_count%7Bphase%3D%22smtp.auth%22%7D"
            let scraped = await LoopbackHTTP.poll(query, timeout: .seconds(40)) { status, body in
                status == 200 && body.contains("\"probe\":\"submission\"")
            }
            #expect(scraped != nil && scraped!.body.contains("\"location\":\"lab\""), "prometheus: \(scraped?.body ?? "") \(prometheus.stderr.suffix(400))")
            prometheus.signal(SIGTERM)

            // 3. The fault ends: the recovery notice follows.
            server.signal(SIGTERM)
            _ = await server.wait(timeout: .seconds(10))
            (server, _, _) = try await DaemonProcess.testServer(["--smtp-port", "\(smtp)", "--imap-port", "\(imap)"])
            #expect(await log.wait(timeout: .seconds(40)) { entries in
                entries.contains { $0.path == "/hook" && $0.body.contains("\"event\":\"resolved\"") }
            }, "serve stderr: \(serve.stderr.suffix(2000))")
            #expect(log.all.filter { $0.path == "/hook" && $0.body.contains("\"event\":\"firing\"") }.count == 1)

            // 4. The API says the same; no secret anywhere.
            let runs = await LoopbackHTTP.request("http://127.0.0.1:\(setup.servePort)/api/runs?probe=submission&status=critical")
            #expect(runs?.status == 200 && runs!.body.contains("\"outcome\":\"critical\""))
            for secret in ["alice-secret", "twilio-token-Qv93"] {
                #expect(!(runs?.body.contains(secret) ?? true))
                #expect(!serve.stderr.contains(secret))
                #expect(!log.all.contains { $0.body.contains(secret) })
            }

            // 5. SIGTERM: out within the grace period, exit 0, the store intact.
            let stopping = ContinuousClock.now
            serve.signal(SIGTERM)
            let status = await serve.wait(timeout: .seconds(15))
            #expect(status == 0, "serve stderr: \(serve.stderr.suffix(2000))")
            #expect(ContinuousClock.now - stopping < .seconds(10))
            let store = try HistoryStore(path: setup.directory + "/state/mailprobe.sqlite")
            #expect(try store.integrityCheck() == "ok")
            #expect(try store.runs(RunQuery(probe: "submission")).runs.count >= 4)
            alertmanager.signal(SIGTERM)
            server.signal(SIGTERM)
            _ = await server.wait(timeout: .seconds(5))
        }
    }

    @Test func killNineLosesNoCommittedRunAndRestartRecordsTheInterruptedOne() async throws {
        let (server, smtp, imap) = try await DaemonProcess.testServer(["--delay", "smtp.auth=700ms"])
        defer { server.signal(SIGTERM) }
        let setup = try Self.writeConfig(smtp: smtp, imap: imap, receiverPort: 9)
        let config = try String(contentsOfFile: setup.configPath, encoding: .utf8)
            .replacingOccurrences(of: "notify: [hook, sms, mail, pager, am]", with: "notify: []")
        try config.write(toFile: setup.configPath, atomically: true, encoding: .utf8)
        let storePath = setup.directory + "/state/mailprobe.sqlite"
        var committed = 0
        for round in 0..<3 {
            let serve = try DaemonProcess(DaemonProcess.mailprobe, ["serve", "--config", setup.configPath], environment: Self.environment)
            // Let a few runs land, then kill it in the middle of one (each run spends 700 ms in AUTH).
            try await Task.sleep(for: .milliseconds(2500 + 300 * round))
            serve.signal(SIGKILL)
            _ = await serve.wait(timeout: .seconds(5))
            let store = try HistoryStore(path: storePath)
            #expect(try store.integrityCheck() == "ok")
            let count = try store.runs(RunQuery(probe: "submission", limit: 1000)).runs.count
            #expect(count >= committed, "round \(round): \(count) runs after kill -9, \(committed) before")
            committed = count
        }
        // The restarted daemon records the run the last kill interrupted.
        let serve = try DaemonProcess(DaemonProcess.mailprobe, ["serve", "--config", setup.configPath], environment: Self.environment)
        let answered = await LoopbackHTTP.poll("http://127.0.0.1:\(setup.servePort)/healthz") { status, _ in status == 200 }
        #expect(answered != nil)
        serve.signal(SIGTERM)
        #expect(await serve.wait(timeout: .seconds(15)) == 0)
        let store = try HistoryStore(path: storePath)
        let all = try store.runs(RunQuery(probe: "submission", limit: 1000)).runs
        #expect(all.contains { $0.state == .interrupted })
        #expect(all.count >= committed)
        #expect(try store.integrityCheck() == "ok")
    }

    @Test func sighupWithABrokenConfigKeepsTheOldOneAndLogsTheErrorLine() async throws {
        let (server, smtp, imap) = try await DaemonProcess.testServer([])
        defer { server.signal(SIGTERM) }
        let setup = try Self.writeConfig(smtp: smtp, imap: imap, receiverPort: 9)
        let serve = try DaemonProcess(DaemonProcess.mailprobe, ["serve", "--config", setup.configPath], environment: Self.environment)
        #expect(await LoopbackHTTP.poll("http://127.0.0.1:\(setup.servePort)/healthz") { status, _ in status == 200 } != nil)
        let good = try String(contentsOfFile: setup.configPath, encoding: .utf8)
        try (good + "\n    colour: blue\n").write(toFile: setup.configPath, atomically: true, encoding: .utf8)
        serve.signal(SIGHUP)
        let deadline = ContinuousClock.now + .seconds(10)
        while !serve.stderr.contains("reload refused"), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(serve.stderr.contains("reload refused"))
        #expect(serve.stderr.contains("mailprobe.yaml:"))
        #expect(serve.stderr.contains("colour"))
        let probes = await LoopbackHTTP.request("http://127.0.0.1:\(setup.servePort)/api/probes")
        #expect(probes?.body.contains("\"name\":\"submission\"") == true)
        serve.signal(SIGTERM)
        #expect(await serve.wait(timeout: .seconds(15)) == 0)
    }

    // MARK: - Helpers

    static func waitForFile(_ path: String, until accept: (String) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if let text = try? String(contentsOfFile: path, encoding: .utf8), accept(text) { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    /// Subjects in bob's INBOX on the test server, read over IMAP.
    static func mailSubjects(imapPort: Int) async -> [String] {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            let imap = IMAPConnection(configuration: IMAPClientConfiguration(
                host: "127.0.0.1", port: UInt16(imapPort), security: .plain,
                authentication: MailAuthentication(user: "bob@example.test", secret: .password("bob-secret"))))
            var subjects: [String] = []
            do {
                try await imap.connect()
                try await imap.select("INBOX")
                let uids = try await imap.uidSearch(.all)
                if !uids.isEmpty {
                    let fetched = try await imap.uidFetch(IMAPSequenceSet(uids), [.uid, .body(.header, peek: true)])
                    for message in fetched {
                        for case .body(section: _, origin: _, data: let bytes?) in message.attributes {
                            let text = String(decoding: bytes, as: UTF8.self)
                            subjects += text.split(separator: "\r\n").filter { $0.hasPrefix("Subject:") }.map(String.init)
                        }
                    }
                }
                try await imap.logout()
            } catch {
                await imap.close()
            }
            if !subjects.isEmpty { return subjects }
            try? await Task.sleep(for: .milliseconds(300))
        }
        return []
    }

    static func promtoolCheck(_ metrics: String, directory: String) throws -> (ok: Bool, output: String) {
        let path = directory + "/metrics.txt"
        try metrics.write(toFile: path, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "/usr/bin/promtool check metrics < \(path) > \(path).lint 2>&1"]
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus == 0, (try? String(contentsOfFile: path + ".lint", encoding: .utf8)) ?? "")
    }

    static func prometheusConfig(_ directory: String, target: Int) throws -> String {
        let path = directory + "/prometheus.yml"
        try """
        global: {scrape_interval: 1s, evaluation_interval: 1s}
        scrape_configs:
          - job_name: mailprobe
            static_configs: [{targets: ["127.0.0.1:\(target)"]}]
        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func alertmanagerConfig(_ directory: String) throws -> String {
        let path = directory + "/alertmanager.yml"
        try """
        route: {receiver: blackhole, group_by: [probe]}
        receivers: [{name: blackhole}]
        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
