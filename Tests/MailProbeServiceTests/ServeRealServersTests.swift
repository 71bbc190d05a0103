import Foundation
import HistoryStore
import IMAPClient
import IMAPCore
import Probe
import Testing

/// About a minute of `mailprobe serve` as a process against the real Postfix and Dovecot
/// (`Scripts/mailservers start`): a round trip, a transit probe both ways and an SMTP check,
/// every 10 s; then the store, the series, /metrics and /api/probes say what ran, SIGTERM ends it
/// within its grace with exit 0, no probe message stays behind and no secret shows anywhere.
@Suite(.serialized) struct ServeRealServersTests {
    struct RunsPage: Decodable { var runs: [ProbeRunRecord] }
    struct SeriesPage: Decodable { var points: [SeriesPoint] }
    struct ProbesPage: Decodable {
        struct Summary: Decodable { var name: String; var kind: String; var routes: [String]; var latest: [ProbeRunRecord] }
        var probes: [Summary]
    }

    static let accounts = ["alice", "bob", "carol"]
    static let probes = ["bob-roundtrip", "alice-carol", "alice-submission"]
    static let routes: Set<String> = ["alice->carol", "carol->alice"]
    static let apiToken = "api-token-7Hq2mZ"
    static let hookSecret = "hook-secret-Xw81"
    static let grace: Duration = .seconds(20)

    let servers: RealMailServers

    init() throws {
        servers = try RealMailServers.load()
    }

    var environment: [String: String] {
        var values = ["MPT_API_TOKEN": Self.apiToken, "MPT_HOOK_SECRET": Self.hookSecret]
        for name in Self.accounts { values["MPT_\(name.uppercased())_PW"] = servers.user(name).password }
        return values
    }

    /// Every secret of the run, and the forms AUTH would give them on the wire.
    var secrets: [String] {
        [Self.apiToken, Self.hookSecret] + Self.accounts.flatMap { name -> [String] in
            let user = servers.user(name)
            return [user.password] + SecretScan.encodedCredentials(user: user.address, password: user.password)
        }
    }

    func writeConfig(directory: String, port: Int) throws -> String {
        let accounts = Self.accounts.map { name in
            let tls = "ca_file: \"\(servers.caFile)\", password: {env: MPT_\(name.uppercased())_PW}"
            return """
              \(name):
                address: \(servers.user(name).address)
                smtp: {server: "\(servers.tlsHost):\(servers.submissionPort)", tls: starttls, \(tls)}
                imap: {server: "\(servers.tlsHost):\(servers.imapsPort)", tls: tls, \(tls)}
            """
        }.joined(separator: "\n")
        let config = """
        location: lab-real
        defaults: {timeout: 10s, late_after: 10s, lost_after: 30s}
        accounts:
        \(accounts)
        serve:
          listen: "127.0.0.1:\(port)"
          data_dir: \(directory)/state
          api_token: {env: MPT_API_TOKEN}
          traces: always
          grace: 20s
        notifiers:
          hook: {type: webhook, url: "http://127.0.0.1:9/hook", secret: {env: MPT_HOOK_SECRET}}
        probes:
          bob-roundtrip: {type: roundtrip, account: bob, interval: 10s}
          alice-carol: {type: transit, routes: [alice->carol, carol->alice], interval: 10s}
          alice-submission: {type: smtp, account: alice, send: false, interval: 10s}
        """
        let path = directory + "/mailprobe.yaml"
        try config.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aMinuteAgainstPostfixAndDovecot() async throws {
        let directory = NSTemporaryDirectory() + "mailprobe-serve-real-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let port = LoopbackHTTP.freePort()
        let base = "http://127.0.0.1:\(port)"
        let configPath = try writeConfig(directory: directory, port: port)
        let serve = try DaemonProcess(DaemonProcess.mailprobe, ["serve", "--config", configPath], environment: environment)
        var answers: [String: String] = [:]

        // 1. About a minute of runs; a run that is not ok stops the wait early.
        let healthy = await LoopbackHTTP.poll(base + "/healthz") { status, _ in status == 200 }
        try #require(healthy != nil, "serve did not answer /healthz; stderr: \(serve.stderr.suffix(2000))")
        let deadline = ContinuousClock.now + .seconds(60)
        var runs: [String: [ProbeRunRecord]] = [:]
        while ContinuousClock.now < deadline {
            try await Task.sleep(for: .seconds(3))
            for probe in Self.probes {
                let answer = await LoopbackHTTP.request(base + "/api/runs?probe=\(probe)&limit=200", token: Self.apiToken)
                answers["GET /api/runs?probe=\(probe)"] = answer?.body ?? ""
                runs[probe] = try answer.map { try JSONDecoder().decode(RunsPage.self, from: Data($0.body.utf8)).runs } ?? []
            }
            if runs.values.joined().contains(where: { $0.status != .ok }) { break }
        }

        // 2. Every run ok, with the phases of its kind.
        for (probe, list) in runs.sorted(by: { $0.key < $1.key }) {
            #expect(list.count >= 3, "\(probe): \(list.count) runs in a minute")
            for run in list {
                #expect(run.state == .completed && run.status == .ok, "\(probe) \(run.route ?? ""): \(run.reasons)")
            }
        }
        let roundTrips = try #require(runs["bob-roundtrip"])
        for run in roundTrips {
            let names = run.phases.map(\.name)
            #expect(run.route == nil && run.kind == .roundTrip)
            #expect(names.contains { $0.hasPrefix("submit.") } && names.contains("delivery") && names.contains { $0.hasPrefix("retrieve.") },
                    "round trip phases: \(names)")
            #expect(run.token != nil)
        }
        let transit = try #require(runs["alice-carol"])
        #expect(Set(transit.compactMap(\.route)) == Self.routes, "transit routes: \(transit.map(\.route))")
        for route in Self.routes {
            let ofRoute = transit.filter { $0.route == route }
            #expect(ofRoute.count >= 3, "\(route): \(ofRoute.count) runs")
            #expect(ofRoute.allSatisfy { $0.phases.contains { $0.name == "delivery" } && $0.token != nil }, "\(route) lacks delivery")
        }
        let checks = try #require(runs["alice-submission"])
        for run in checks {
            let names = run.phases.map(\.name)
            #expect(!names.isEmpty && names.allSatisfy { $0.hasPrefix("smtp.") || $0 == "total" }, "smtp phases: \(names)")
            #expect(names.contains("smtp.starttls") && names.contains("smtp.auth"), "smtp phases: \(names)")
            #expect(run.tls["smtp"]?.verified == true, "STARTTLS verified with the servers' CA: \(run.tls)")
            #expect(!names.contains { $0.hasPrefix("smtp.mail_from") || $0.hasPrefix("smtp.data") }, "send: false sends nothing: \(names)")
        }

        // 3. The series, /metrics and /api/probes.
        for (probe, route) in [("bob-roundtrip", nil), ("alice-carol", "alice->carol"), ("alice-carol", "carol->alice")] as [(String, String?)] {
            let query = "probe=\(probe)&phase=delivery" + (route.map { "&route=\($0.replacingOccurrences(of: ">", with: "%3E"))" } ?? "")
            let answer = await LoopbackHTTP.request(base + "/api/series?" + query, token: Self.apiToken)
            answers["GET /api/series?\(query)"] = answer?.body ?? ""
            #expect(answer?.status == 200, "series \(query): \(answer?.body ?? "no answer")")
            let points = try answer.map { try JSONDecoder().decode(SeriesPage.self, from: Data($0.body.utf8)).points } ?? []
            #expect(points.reduce(0) { $0 + $1.count } >= 3, "series \(query): \(points)")
            #expect(points.allSatisfy { $0.count == $0.okCount && $0.maxMs > 0 }, "series \(query): \(points)")
        }
        let metrics = await LoopbackHTTP.request(base + "/metrics")
        answers["GET /metrics"] = metrics?.body ?? ""
        #expect(metrics?.status == 200)
        let buckets = (metrics?.body ?? "").split(separator: "\n").filter { $0.hasPrefix("mailprobe_probe_phase_duration_seconds_bucket{") }
        for route in Self.routes {
            #expect(buckets.contains { $0.contains("probe=\"alice-carol\"") && $0.contains("route=\"\(route)\"") && $0.contains("phase=\"delivery\"") },
                    "no delivery histogram for \(route)")
        }
        let probes = await LoopbackHTTP.request(base + "/api/probes", token: Self.apiToken)
        answers["GET /api/probes"] = probes?.body ?? ""
        let summaries = try probes.map { try JSONDecoder().decode(ProbesPage.self, from: Data($0.body.utf8)).probes } ?? []
        #expect(summaries.map(\.name).sorted() == Self.probes.sorted())
        for summary in summaries {
            let latestRoutes = summary.latest.map { $0.route ?? "" }.sorted()
            #expect(latestRoutes == (summary.name == "alice-carol" ? Self.routes.sorted() : [""]), "\(summary.name) latest: \(latestRoutes)")
            #expect(summary.latest.allSatisfy { $0.status == .ok && $0.probe == summary.name })
        }
        #expect(summaries.first { $0.name == "alice-carol" }?.routes.sorted() == Self.routes.sorted())
        let storeWhileRunning = SecretScan.fileLeaks(of: secrets, in: SecretScan.storeFiles(directory + "/state"))

        // 4. SIGTERM: out within the grace, exit 0.
        let stopping = ContinuousClock.now
        serve.signal(SIGTERM)
        let status = await serve.wait(timeout: Self.grace + .seconds(10))
        #expect(status == 0, "serve stderr: \(serve.stderr.suffix(2000))")
        #expect(ContinuousClock.now - stopping < Self.grace, "stopped after \(ContinuousClock.now - stopping)")

        // 5. No probe message of any run stays in any mailbox.
        let store = try HistoryStore(path: directory + "/state/mailprobe.sqlite")
        #expect(try store.integrityCheck() == "ok")
        let tokens = try Self.probes.flatMap { try store.runs(RunQuery(probe: $0, limit: 1000)).runs.compactMap(\.token) }
        #expect(tokens.count >= roundTrips.count + transit.count)
        let left = try await leftMessages(configPath: configPath, tokens: tokens)
        #expect(left.isEmpty, "probe messages left behind: \(left)")

        // 6. No secret in any output, answer or store file.
        answers["serve stdout"] = serve.stdoutLines.joined(separator: "\n")
        answers["serve stderr"] = serve.stderr
        #expect(SecretScan.leaks(of: secrets, in: answers).isEmpty, "\(SecretScan.leaks(of: secrets, in: answers))")
        let storeAfter = SecretScan.fileLeaks(of: secrets, in: SecretScan.storeFiles(directory + "/state"))
        #expect(storeWhileRunning.read.contains { $0.hasSuffix("-wal") } && storeAfter.read.contains { $0.hasSuffix(".sqlite") })
        #expect(storeWhileRunning.leaks.isEmpty && storeAfter.leaks.isEmpty, "\(storeWhileRunning.leaks + storeAfter.leaks)")
        // The scan reads the stored traces: their (masked) AUTH lines are there.
        #expect(!SecretScan.fileLeaks(of: ["AUTH "], in: SecretScan.storeFiles(directory + "/state")).leaks.isEmpty)
    }

    /// The leftover search above finds a probe message that is there (and this one removes it again).
    @Test func theLeftoverSearchFindsAPlantedProbeMessage() async throws {
        let directory = NSTemporaryDirectory() + "mailprobe-serve-real-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let configPath = try writeConfig(directory: directory, port: LoopbackHTTP.freePort())
        let file = try ProbeConfigFile.load(path: configPath)
        let session = IMAPConnection(configuration: try await file.imapConfiguration(
            for: try #require(file.accounts["carol"]), timeout: .seconds(10), environment: environment))
        try await session.connect()
        let planted = ProbeMessage(from: servers.user("alice").address, to: servers.user("carol").address)
        try await session.append(planted.bytes, to: "INBOX")
        let found = try await leftMessages(configPath: configPath, tokens: [ProbeMessage.makeToken(), planted.token])
        _ = try await session.select("INBOX")
        let uids = try await session.uidSearch(.header(ProbeMessage.tokenHeader, planted.token))
        if !uids.isEmpty {
            try await session.uidStore(IMAPSequenceSet(uids), .add([.deleted], silent: true))
            try await session.expunge(uids: IMAPSequenceSet(uids))
        }
        try await session.logout()
        #expect(found.count == 1 && found.first?.hasPrefix("carol: \(planted.token)") == true, "found: \(found)")
        #expect(uids.count == 1)
    }

    /// `"account: uid…"` for every message carrying one of `tokens` in an account's INBOX (IMAP SEARCH HEADER).
    func leftMessages(configPath: String, tokens: [String]) async throws -> [String] {
        let file = try ProbeConfigFile.load(path: configPath)
        var left: [String] = []
        for name in Self.accounts {
            let account = try #require(file.accounts[name])
            let session = IMAPConnection(configuration: try await file.imapConfiguration(for: account, timeout: .seconds(10), environment: environment))
            try await session.connect()
            try await session.select("INBOX")
            let any = try await session.uidSearch(.header(ProbeMessage.tokenHeader, ""))
            if !any.isEmpty {
                for token in tokens {
                    let found = try await session.uidSearch(.header(ProbeMessage.tokenHeader, token))
                    if !found.isEmpty { left.append("\(name): \(token) uid \(found)") }
                }
            }
            try await session.logout()
        }
        return left
    }
}
