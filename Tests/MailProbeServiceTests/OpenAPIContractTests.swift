import Foundation
import HistoryStore
import Hummingbird
import HummingbirdTesting
import Logging
import MailProbeService
import Probe
import Testing

/// docs/openapi.yaml is the daemon's contract: a daemon runs in-process until runs are stored, an alert
/// fires and silences exist, then every endpoint is called (successes and 400, 401, 404, 409, 422) and
/// each answer is validated against the document's schema for its path and status.
@Suite(.serialized) struct OpenAPIContractTests {
    static let apiToken = "api-token-Xy42"
    static let metricsToken = "metrics-token-Mt19"

    /// The repository's docs/openapi.yaml.
    static var specPath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/openapi.yaml").path
    }

    init() {
        setenv("MAILPROBE_TEST_SMTP_SECRET", "smtp-secret-Zq81", 1)
        setenv("MAILPROBE_TEST_API_TOKEN", Self.apiToken, 1)
        setenv("MAILPROBE_TEST_HOOK_SECRET", "hook-secret-Wp77", 1)
        setenv("MAILPROBE_TEST_METRICS_TOKEN", Self.metricsToken, 1)
    }

    /// The ServeDaemonTests configuration with a metrics token and a slow second probe (for 409).
    static func config(directory: String) -> String {
        ServeDaemonTests.config(directory: directory, webhookPort: 9, extra: "  corp-login: {type: imap, account: corp, interval: 1h}")
            .replacingOccurrences(of: "  traces: always", with: "  traces: always\n  metrics_token: {env: MAILPROBE_TEST_METRICS_TOKEN}")
    }

    @Test func everyAnswerMatchesTheDocument() async throws {
        let directory = ServeDaemonTests.temporaryDirectory()
        let path = directory + "/mailprobe.yaml"
        try Self.config(directory: directory).write(toFile: path, atomically: true, encoding: .utf8)
        let submission = ServeDaemonTests.Script(Array(repeating: .critical, count: 10_000))
        let login = ServeDaemonTests.Script([])
        let daemon = try await ServeDaemon(configPath: path, logger: Logger(label: "test"), execute: { execution in
            guard execution.spec.name == "corp-login" else { return await submission.execute(execution) }
            try? await Task.sleep(for: .seconds(3))
            return await login.execute(execution)
        })
        try await daemon.start()
        let ready = await Self.waitFor {
            let runs = (try? daemon.store.runs(RunQuery(probe: "corp-submission")).runs.count) ?? 0
            return runs >= 3 && !((try? daemon.store.firingAlerts()) ?? []).isEmpty
        }
        #expect(ready, "no alert fired")

        let log = OpenAPIExchangeLog(directory: directory + "/exchanges")
        let app = Application(router: await APIRouter.build(daemon))
        let token = Self.apiToken
        try await app.test(.router) { client in
            try await Self.callQueries(client, log, token: token)
            try await Self.callSilences(client, log, token: token)
            try await Self.callRunNow(client, log, token: token)
            try await Self.callOperations(client, log, token: token, configPath: path, directory: directory)
        }
        await daemon.shutdown()

        #expect(log.count >= 30)
        let problems = try await log.validate(spec: Self.specPath)
        #expect(problems == nil, "\(problems ?? "")")
    }

    static func callQueries(_ client: some TestClientProtocol, _ log: OpenAPIExchangeLog, token: String) async throws {
        try await expect(.unauthorized, log.call(client, .get, "/api/probes", path: "/api/probes", token: nil))
        try await expect(.unauthorized, log.call(client, .get, "/api/runs", path: "/api/runs", token: "wrong"))
        let probes = try await log.call(client, .get, "/api/probes", path: "/api/probes", token: token)
        #expect(probes.status == .ok)
        #expect(String(buffer: probes.body).contains("\"firing\":true"))
        let page = try await log.call(client, .get, "/api/runs?probe=corp-submission&limit=1", path: "/api/runs", token: token)
        #expect(page.status == .ok)
        #expect(String(buffer: page.body).contains("\"next_cursor\""))
        let all = try await log.call(client, .get, "/api/runs?limit=1000&status=critical", path: "/api/runs", token: token)
        #expect(all.status == .ok)
        let body = try JSONSerialization.jsonObject(with: Data(all.body.readableBytesView)) as? [String: Any]
        let id = try #require(((body?["runs"] as? [[String: Any]])?.first?["id"]) as? Int)
        for (uri, status) in [("/api/runs?since=yesterday", HTTPResponse.Status.badRequest), ("/api/runs?colour=red", .badRequest),
                              ("/api/runs?status=fine", .badRequest), ("/api/runs?limit=0", .badRequest),
                              ("/api/runs?cursor=garbage", .badRequest), ("/api/runs?probe=nope", .notFound)] {
            try await expect(status, log.call(client, .get, uri, path: "/api/runs", token: token), uri)
        }
        try await expect(.ok, log.call(client, .get, "/api/runs/\(id)", path: "/api/runs/{id}", token: token))
        try await expect(.badRequest, log.call(client, .get, "/api/runs/latest", path: "/api/runs/{id}", token: token))
        try await expect(.notFound, log.call(client, .get, "/api/runs/999999", path: "/api/runs/{id}", token: token))

        let series = try await log.call(client, .get, "/api/series?probe=corp-submission&phase=smtp.connect", path: "/api/series", token: token)
        #expect(series.status == .ok)
        #expect(String(buffer: series.body).contains("\"p99_ms\""), "the series has no points")
        try await expect(.ok, log.call(client, .get, "/api/series?probe=corp-submission&step=1h", path: "/api/series", token: token))
        for (uri, status) in [("/api/series", HTTPResponse.Status.badRequest), ("/api/series?probe=corp-submission&step=10s", .badRequest),
                              ("/api/series?probe=corp-submission&since=2030-01-01T00:00:00Z&until=2029-01-01T00:00:00Z", .badRequest),
                              ("/api/series?probe=corp-submission&since=0", .badRequest), ("/api/series?probe=corp-submission&step=-5m", .badRequest),
                              ("/api/series?probe=nope", .notFound)] {
            try await expect(status, log.call(client, .get, uri, path: "/api/series", token: token), uri)
        }
    }

    static func callSilences(_ client: some TestClientProtocol, _ log: OpenAPIExchangeLog, token: String) async throws {
        let kept = #"{"probe": "corp-submission", "duration": "2h", "comment": "maintenance", "created_by": "alice"}"#
        try await expect(.created, log.call(client, .post, "/api/silences", path: "/api/silences", token: token, body: kept, accepted: true))
        let ended = #"{"route": "corp->other", "location": "lab", "starts_at": 1700000000000, "ends_at": "2099-01-01T00:00:00Z"}"#
        let created = try await log.call(client, .post, "/api/silences", path: "/api/silences", token: token, body: ended, accepted: true)
        #expect(created.status == .created)
        let silence = try JSONSerialization.jsonObject(with: Data(created.body.readableBytesView)) as? [String: Any]
        let id = try #require(silence?["id"] as? Int)
        for body in ["{}", "not json", #"{"probe": "corp-submission"}"#, #"{"probe": "corp-submission", "duration": "soon"}"#,
                     #"{"route": "corp", "duration": "1h"}"#,
                     #"{"probe": "corp-submission", "duration": "1h", "comment": "\#(String(repeating: "x", count: 1001))"}"#,
                     #"{"probe": "corp-submission", "ends_at": 999999999999999}"#] {
            try await expect(.badRequest, log.call(client, .post, "/api/silences", path: "/api/silences", token: token, body: body), body)
        }
        let huge = #"{"comment": "\#(String(repeating: "y", count: 70_000))"}"#
        try await expect(.contentTooLarge, log.call(client, .post, "/api/silences", path: "/api/silences", token: token, body: huge))
        try await expect(.notFound, log.call(client, .post, "/api/silences", path: "/api/silences", token: token,
                                              body: #"{"probe": "nope", "duration": "1h"}"#))
        let alerts = try await log.call(client, .get, "/api/alerts", path: "/api/alerts", token: token)
        #expect(alerts.status == .ok)
        let text = String(buffer: alerts.body)
        #expect(text.contains("\"since_ms\"") && text.contains("\"event\":\"firing\"") && text.contains("maintenance"))
        try await expect(.noContent, log.call(client, .delete, "/api/silences/\(id)", path: "/api/silences/{id}", token: token))
        try await expect(.notFound, log.call(client, .delete, "/api/silences/\(id + 1000)", path: "/api/silences/{id}", token: token))
        try await expect(.badRequest, log.call(client, .delete, "/api/silences/all", path: "/api/silences/{id}", token: token))
    }

    /// 202 then 409 while the slow probe runs (it may be running on its own schedule first: then wait).
    static func callRunNow(_ client: some TestClientProtocol, _ log: OpenAPIExchangeLog, token: String) async throws {
        try await expect(.notFound, log.call(client, .post, "/api/probes/nope/run", path: "/api/probes/{name}/run", token: token))
        var statuses: [HTTPResponse.Status] = []
        for _ in 0..<20 where !statuses.contains(.accepted) {
            statuses.append(try await log.call(client, .post, "/api/probes/corp-login/run", path: "/api/probes/{name}/run", token: token).status)
            if statuses.last != .accepted { try await Task.sleep(for: .milliseconds(500)) }
        }
        #expect(statuses.contains(.accepted))
        try await expect(.conflict, log.call(client, .post, "/api/probes/corp-login/run", path: "/api/probes/{name}/run", token: token))
    }

    static func callOperations(_ client: some TestClientProtocol, _ log: OpenAPIExchangeLog, token: String, configPath: String,
                               directory: String) async throws {
        try await expect(.ok, log.call(client, .post, "/api/reload", path: "/api/reload", token: token))
        try await expect(.unauthorized, log.call(client, .post, "/api/reload", path: "/api/reload", token: nil))
        try (config(directory: directory) + "\n  broken: {type: nonsense}\n").write(toFile: configPath, atomically: true, encoding: .utf8)
        try await expect(.unprocessableContent, log.call(client, .post, "/api/reload", path: "/api/reload", token: token))
        try config(directory: directory).write(toFile: configPath, atomically: true, encoding: .utf8)
        try await expect(.ok, log.call(client, .get, "/healthz", path: "/healthz", token: nil))
        try await expect(.unauthorized, log.call(client, .get, "/metrics", path: "/metrics", token: nil))
        try await expect(.unauthorized, log.call(client, .get, "/metrics", path: "/metrics", token: token))
        let metrics = try await log.call(client, .get, "/metrics", path: "/metrics", token: metricsToken)
        #expect(metrics.status == .ok)
        #expect(String(buffer: metrics.body).contains("mailprobe_probe_runs_total{"))
    }

    static func expect(_ status: HTTPResponse.Status, _ response: TestResponse, _ label: String = "",
                       sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(response.status == status, "\(label) \(String(buffer: response.body))", sourceLocation: sourceLocation)
    }

    static func waitFor(_ condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return condition()
    }
}
