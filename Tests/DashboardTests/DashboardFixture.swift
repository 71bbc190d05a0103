import Foundation
import HistoryStore
import Hummingbird
import HummingbirdTesting
import Logging
import MailProbeService
import MonitorCore
import Probe
@testable import Dashboard

/// A daemon that is never started (nothing scheduled), its store filled by the test, and the router with
/// the API and the dashboard on it, as `mailprobe serve` mounts them.
struct DashboardFixture {
    static let token = "dash-token-Qm27"
    let daemon: ServeDaemon
    let router: Router<BasicRequestContext>
    let now: Int64

    static func config(directory: String, token: Bool) -> String {
        """
        location: lab
        accounts:
          corp:
            address: probe@corp.example
            smtp: {server: smtp.corp.example:587, password: {env: MAILPROBE_DASH_SECRET}}
            imap: {server: imap.corp.example:993, tls: tls, password: {env: MAILPROBE_DASH_SECRET}}
          other:
            address: probe@other.example
            smtp: {server: smtp.other.example:587, password: {env: MAILPROBE_DASH_SECRET}}
            imap: {server: imap.other.example:993, tls: tls, password: {env: MAILPROBE_DASH_SECRET}}
        serve:
          listen: 127.0.0.1:9925
          data_dir: \(directory)
          public_url: https://mailprobe.test
        \(token ? "  api_token: {env: MAILPROBE_DASH_TOKEN}" : "")
        probes:
          corp-roundtrip:
            type: roundtrip
            account: corp
            interval: 1m
            thresholds:
              delivery: {warning: 60s, critical: 5m}
              total: {critical: 6m}
          corp-other:
            type: transit
            routes: [corp->other, other->corp]
            interval: 1m
            thresholds:
              delivery: {warning: 2m}
          corp-submission: {type: smtp, account: corp, send: false, interval: 5m}
        """
    }

    init(token: Bool = false) async throws {
        setenv("MAILPROBE_DASH_SECRET", "smtp-secret-Lk90", 1)
        setenv("MAILPROBE_DASH_TOKEN", Self.token, 1)
        let directory = NSTemporaryDirectory() + "mailprobe-dashboard-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/mailprobe.yaml"
        try Self.config(directory: directory, token: token).write(toFile: path, atomically: true, encoding: .utf8)
        daemon = try await ServeDaemon(configPath: path, logger: Logger(label: "test"), execute: { _ in [] })
        router = await APIRouter.build(daemon)
        await DashboardRoutes.install(on: router, daemon: daemon)
        now = ProbeExecution.systemWallClock()
    }

    /// Runs `body` against the router in-process, then shuts the daemon down (its notifiers' HTTP client).
    func test(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let outcome: Result<Void, any Error>
        do {
            try await Application(router: router).test(.router) { client in try await body(client) }
            outcome = .success(())
        } catch {
            outcome = .failure(error)
        }
        await daemon.shutdown()
        try outcome.get()
    }

    /// A round trip run `minutesAgo` before now: ok with phases, or failed with a rejection quoting the server.
    func roundTrip(minutesAgo: Int64, probe: String = "corp-roundtrip", route: String? = nil, failed: Bool = false) -> ProbeRunRecord {
        let kind: ProbeRunRecord.Kind = route == nil ? .roundTrip : .transit
        let delivery = 2_000 + Double(minutesAgo % 7) * 100
        var record = ProbeRunRecord(probe: probe, kind: kind, route: route, location: "lab", startedAtMs: now - minutesAgo * 60_000,
                                    durationMs: 3_000 + delivery, status: .ok,
                                    phases: [.init(name: "submit.connect", ms: 12), .init(name: "submit.tls", ms: 40),
                                             .init(name: "submit.data_accepted", ms: 300), .init(name: "delivery", ms: delivery),
                                             .init(name: "retrieve.fetch", ms: 25)])
        record.tls["smtp"] = try? JSONDecoder().decode(RunTLSFacts.self, from: Data("""
            {"version": "TLSv1.3", "cipher": "TLS_AES_256_GCM_SHA384", "peer_subject": "CN=smtp.corp.example", "days_left": 40, "verified": true}
            """.utf8))
        if failed {
            let reply = ProbeRunRecord.Reply(code: 554, enhanced: "5.7.1", text: "Relay access <denied> by policy")
            record.status = .critical
            record.phases = [.init(name: "submit.connect", ms: 12), .init(name: "submit.rcpt_to", ms: 30)]
            record.reasons = [ProbeReason(.smtpRejected, .critical, phase: "submit.rcpt_to", message: "RCPT TO refused", reply: reply)]
            record.error = .init(phase: "submit.rcpt_to", code: "smtp_rejected", message: "RCPT TO refused", reply: reply)
            record.traces = ["smtp": [.init(ms: 0, dir: "S", line: "220 smtp.corp.example ESMTP"), .init(ms: 1.5, dir: "C", line: "AUTH PLAIN ****"),
                                      .init(ms: 30, dir: "S", line: "554 5.7.1 Relay access <denied> by policy")]]
        }
        return record
    }
}
