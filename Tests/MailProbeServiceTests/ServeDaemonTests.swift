import Foundation
import HistoryStore
import Hummingbird
import HummingbirdTesting
import Logging
import MailProbeService
import MonitorCore
import Probe
import Synchronization
import Testing

/// The daemon in-process with a scripted probe executor and real timers: runs land on schedule,
/// alerts fire after `for` runs and resolve after `resolve_after`, notices reach a local webhook,
/// the API and /metrics answer, tokens are enforced and secrets never leak.
@Suite(.serialized) struct ServeDaemonTests {
    /// Statuses the scripted probe returns, in order (then `ok`).
    final class Script: Sendable {
        private let statuses: Mutex<[ProbeStatus]>
        private let count = Mutex(0)
        init(_ statuses: [ProbeStatus]) { self.statuses = Mutex(statuses) }
        var runs: Int { count.withLock { $0 } }

        func execute(_ execution: ProbeExecution) async -> [ProbeRunRecord] {
            count.withLock { $0 += 1 }
            let status = statuses.withLock { $0.isEmpty ? .ok : $0.removeFirst() }
            var reasons: [ProbeReason] = []
            var phases = [ProbeRunRecord.Phase(name: "smtp.connect", ms: 1.5), ProbeRunRecord.Phase(name: "smtp.data_accepted", ms: 4)]
            if status != .ok {
                phases[1].ms = 23_400
                reasons.append(ProbeReason(.threshold, status, phase: "smtp.data_accepted", value: 23_400, limit: 20_000,
                                           message: "smtp.data_accepted took 23.4 s, over the critical limit 20 s"))
            }
            var record = ProbeRunRecord(probe: execution.spec.name, kind: execution.spec.recordKind, location: execution.file.location,
                                        startedAtMs: execution.wallClock(), durationMs: 10, status: status, reasons: reasons, phases: phases)
            record.endpoints = ["smtp": "smtp.corp.example:587"]
            return [record]
        }
    }

    static func config(directory: String, webhookPort: Int, extra: String = "") -> String {
        """
        location: lab
        accounts:
          corp:
            address: probe@corp.example
            smtp: {server: smtp.corp.example:587, password: {env: MAILPROBE_TEST_SMTP_SECRET}}
            imap: {server: imap.corp.example:993, tls: tls, password: {env: MAILPROBE_TEST_SMTP_SECRET}}
        serve:
          listen: 127.0.0.1:9925
          data_dir: \(directory)
          public_url: https://mailprobe.test
          api_token: {env: MAILPROBE_TEST_API_TOKEN}
          traces: always
        alerts: {for: 2, resolve_after: 2}
        notifiers:
          hook: {type: webhook, url: "http://127.0.0.1:\(webhookPort)/hook", secret: {env: MAILPROBE_TEST_HOOK_SECRET}, retries: 1, backoff: 200ms}
        probes:
          corp-submission: {type: smtp, account: corp, send: false, interval: 300ms, notify: [hook]}
        \(extra)
        """
    }

    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "mailprobe-serve-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    init() {
        Self.setSecrets()
    }

    /// The secrets the config refers to, in the environment.
    static func setSecrets() {
        setenv("MAILPROBE_TEST_SMTP_SECRET", "smtp-secret-Zq81", 1)
        setenv("MAILPROBE_TEST_API_TOKEN", "api-token-Xy42", 1)
        setenv("MAILPROBE_TEST_HOOK_SECRET", "hook-secret-Wp77", 1)
    }

    @Test func alertFiresAfterForRunsAndResolvesWithARecoveryNotice() async throws {
        let log = ReceiverLog()
        let receiver = Application(router: log.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await receiver.test(.live) { client in
            let directory = Self.temporaryDirectory()
            let path = directory + "/mailprobe.yaml"
            try Self.config(directory: directory, webhookPort: client.port!).write(toFile: path, atomically: true, encoding: .utf8)
            let script = Script([.critical, .critical, .critical])
            let daemon = try await ServeDaemon(configPath: path, logger: Logger(label: "test"), execute: { await script.execute($0) })
            try await daemon.start()

            let fired = await log.wait { entries in entries.contains { $0.body.contains("\"event\":\"firing\"") } }
            #expect(fired)
            let resolved = await log.wait { entries in entries.contains { $0.body.contains("\"event\":\"resolved\"") } }
            #expect(resolved)
            await daemon.shutdown()

            let entries = log.all
            #expect(entries.allSatisfy { $0.path == "/hook" })
            let firing = try #require(entries.first { $0.body.contains("\"event\":\"firing\"") })
            #expect(firing.body.contains("CRITICAL corp-submission (lab)"))
            #expect(firing.body.contains("\"severity\":\"critical\""))
            #expect(firing.body.contains("https://mailprobe.test/runs/"))
            // The firing notice came after exactly `for` (2) bad runs; nothing fired twice.
            #expect(entries.filter { $0.body.contains("\"event\":\"firing\"") }.count == 1)
            #expect(script.runs >= 5)

            let runs = try daemon.store.runs(RunQuery(probe: "corp-submission"))
            #expect(runs.runs.count >= 5)
            #expect(runs.runs.contains { $0.status == .critical })
            let events = try daemon.store.alertEvents(limit: 10, key: nil)
            #expect(events.map(\.event).contains(.firing))
            #expect(events.map(\.event).contains(.resolved))
            #expect(try daemon.store.integrityCheck() == "ok")

            // No secret of the config in any stored row or notification.
            let secrets = ["smtp-secret-Zq81", "api-token-Xy42", "hook-secret-Wp77"]
            let dump = ["", "-wal"].compactMap { try? String(contentsOfFile: directory + "/mailprobe.sqlite" + $0, encoding: .isoLatin1) }.joined()
            #expect(dump.contains("corp-submission"))
            for secret in secrets {
                #expect(!dump.contains(secret))
                #expect(!entries.contains { $0.body.contains(secret) })
            }
        }
    }

    @Test func apiAnswersWithTokensParametersAndMetrics() async throws {
        let directory = Self.temporaryDirectory()
        let path = directory + "/mailprobe.yaml"
        try Self.config(directory: directory, webhookPort: 9).write(toFile: path, atomically: true, encoding: .utf8)
        let script = Script([])
        let daemon = try await ServeDaemon(configPath: path, logger: Logger(label: "test"), execute: { await script.execute($0) })
        try await daemon.start()
        let stored = await waitFor { (try? daemon.store.runs(RunQuery()).runs.count) ?? 0 >= 2 }
        #expect(stored)
        let app = Application(router: await APIRouter.build(daemon))
        let auth: HTTPFields = [.authorization: "Bearer api-token-Xy42"]
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/probes", method: .get) { #expect($0.status == .unauthorized) }
            for sneaky in ["//api/probes", "/./api/probes", "///api//reload"] {
                try await client.execute(uri: sneaky, method: .get) { #expect($0.status != .ok, "\(sneaky) answered without a token") }
            }
            try await client.execute(uri: "/api/probes", method: .get, headers: [.authorization: "Bearer wrong"]) {
                #expect($0.status == .unauthorized)
            }
            try await client.execute(uri: "/api/probes", method: .get, headers: auth) { response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(text.contains("\"name\":\"corp-submission\""))
                #expect(!text.contains("api-token-Xy42") && !text.contains("smtp-secret-Zq81"))
            }
            let firstID = try await client.execute(uri: "/api/runs?probe=corp-submission&limit=1", method: .get, headers: auth) { response in
                #expect(response.status == .ok)
                let body = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
                let runs = body?["runs"] as? [[String: Any]]
                #expect(runs?.count == 1)
                #expect(body?["next_cursor"] is String)
                return (runs?.first?["id"] as? Int) ?? -1
            }
            try await client.execute(uri: "/api/runs/\(firstID)", method: .get, headers: auth) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("\"schema_version\":1"))
            }
            try await client.execute(uri: "/api/runs/999999", method: .get, headers: auth) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/api/runs?since=yesterday", method: .get, headers: auth) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("\"parameter\":\"since\""))
            }
            try await client.execute(uri: "/api/runs?colour=red", method: .get, headers: auth) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/api/series?probe=nope", method: .get, headers: auth) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/api/series?probe=corp-submission&phase=smtp.connect", method: .get, headers: auth) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("\"points\""))
            }
            try await client.execute(uri: "/api/probes/nope/run", method: .post, headers: auth) { #expect($0.status == .notFound) }
            let silence = ByteBuffer(string: #"{"probe": "corp-submission", "duration": "2h", "comment": "maintenance"}"#)
            let silenceID = try await client.execute(uri: "/api/silences", method: .post, headers: auth, body: silence) { response in
                #expect(response.status == .created)
                let body = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
                return (body?["id"] as? Int) ?? -1
            }
            try await client.execute(uri: "/api/alerts", method: .get, headers: auth) { response in
                #expect(String(buffer: response.body).contains("maintenance"))
            }
            try await client.execute(uri: "/api/silences/\(silenceID)", method: .delete, headers: auth) { #expect($0.status == .noContent) }
            try await client.execute(uri: "/api/silences/\(silenceID + 1000)", method: .delete, headers: auth) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/api/silences", method: .post, headers: auth, body: ByteBuffer(string: "{}")) {
                #expect($0.status == .badRequest)
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(text.contains("mailprobe_probe_runs_total{"))
                #expect(text.contains("mailprobe_probe_phase_duration_seconds_bucket{"))
                #expect(text.contains("phase=\"smtp.connect\""))
                #expect(text.contains("mailprobe_probe_success{"))
            }
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
        }
        await daemon.shutdown()
    }

    @Test func anOfflineAgentRecordsUnknownRunsAndPagesNobody() async throws {
        let directory = Self.temporaryDirectory()
        let path = directory + "/mailprobe.yaml"
        let text = Self.config(directory: directory, webhookPort: 9)
            .replacingOccurrences(of: "  traces: always", with: "  traces: always\n  canary: \"127.0.0.1:1\"")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let script = Script([.critical, .critical, .critical, .critical])
        let daemon = try await ServeDaemon(configPath: path, logger: Logger(label: "test"), execute: { await script.execute($0) })
        try await daemon.start()
        let stored = await waitFor { (try? daemon.store.runs(RunQuery()).runs.count) ?? 0 >= 3 }
        await daemon.shutdown()
        #expect(stored)
        let runs = try daemon.store.runs(RunQuery()).runs
        #expect(runs.allSatisfy { $0.status == .unknown && $0.error?.code == "agent_offline" })
        #expect(runs.first?.reasons.first?.message.contains("127.0.0.1:1 does not answer") == true)
        #expect(script.runs == 0)
        #expect(try daemon.store.alertEvents(limit: 10, key: nil).isEmpty)
    }

    @Test func refusesToListenBeyondLoopbackWithoutAToken() async throws {
        let directory = Self.temporaryDirectory()
        let path = directory + "/mailprobe.yaml"
        let text = Self.config(directory: directory, webhookPort: 9)
            .replacingOccurrences(of: "listen: 127.0.0.1:9925", with: "listen: 0.0.0.0:9925")
            .replacingOccurrences(of: "  api_token: {env: MAILPROBE_TEST_API_TOKEN}\n", with: "")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        await #expect(throws: ServeDaemon.StartError.self) {
            _ = try await ServeDaemon(configPath: path, logger: Logger(label: "test"), execute: { _ in [] })
        }
    }

    @Test func brokenReloadKeepsTheRunningConfiguration() async throws {
        let directory = Self.temporaryDirectory()
        let path = directory + "/mailprobe.yaml"
        try Self.config(directory: directory, webhookPort: 9).write(toFile: path, atomically: true, encoding: .utf8)
        let daemon = try await ServeDaemon(configPath: path, logger: Logger(label: "test"), execute: { await Script([]).execute($0) })
        try await daemon.start()
        try (Self.config(directory: directory, webhookPort: 9) + "\n  broken: {type: nonsense}\n").write(toFile: path, atomically: true, encoding: .utf8)
        let errors = await daemon.reload()
        #expect(errors.count == 1)
        #expect(errors.first?.contains("mailprobe.yaml:") == true)
        #expect(await daemon.file.probeNames == ["corp-submission"])
        let added = Self.config(directory: directory, webhookPort: 9,
                                extra: "  corp-login: {type: imap, account: corp, interval: 1h}")
        try added.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(await daemon.reload().isEmpty)
        #expect(await daemon.file.probeNames == ["corp-submission", "corp-login"])
        await daemon.shutdown()
    }

    private func waitFor(_ condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return condition()
    }
}
