import Foundation
import Testing

/// `mailprobe serve` as a process against `mailprobe test-server`: JSON log lines, the bearer token.
extension ServeCLITests {
    /// `mailprobe serve` with `arguments` on a test server knowing the probe's account, an SMTP check every second.
    static func startServe(_ arguments: [String] = []) async throws -> (serve: DaemonProcess, server: DaemonProcess, directory: String, base: String) {
        let (server, smtp, imap) = try await DaemonProcess.testServer(["--user", "probe@example.test:probe-pw-Lq04"])
        let port = LoopbackHTTP.freePort()
        let (directory, path) = try write { config(smtp: smtp, imap: imap, port: port, directory: $0, roundTrip: false) }
        let serve = try DaemonProcess(DaemonProcess.mailprobe, ["serve", "--config", path] + arguments, environment: environment)
        return (serve, server, directory, "http://127.0.0.1:\(port)")
    }

    /// The JSON objects of `text`'s lines, and the lines that are not one.
    static func jsonLines(_ text: String) -> (objects: [[String: Any]], invalid: [String]) {
        var objects: [[String: Any]] = [], invalid: [String] = []
        for line in text.split(separator: "\n") {
            if let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] {
                objects.append(object)
            } else {
                invalid.append(String(line))
            }
        }
        return (objects, invalid)
    }

    static func expectNoSecretsInStore(_ directory: String) {
        let store = SecretScan.fileLeaks(of: secrets, in: SecretScan.storeFiles(directory + "/state"))
        #expect(store.read.contains { $0.hasSuffix("mailprobe.sqlite") }, "the store was not written")
        #expect(store.leaks.isEmpty, "\(store.leaks)")
        // The scan reads the stored text: the probe's name is there.
        #expect(!SecretScan.fileLeaks(of: ["submission"], in: SecretScan.storeFiles(directory + "/state")).leaks.isEmpty)
    }

    @Test(arguments: ["info", "debug"]) func serveLogsOneJSONLinePerRunAndPhasesAtDebug(_ level: String) async throws {
        let (serve, server, directory, _) = try await Self.startServe(["--log-format", "json", "--log-level", level])
        defer { server.signal(SIGTERM); try? FileManager.default.removeItem(atPath: directory) }
        let deadline = ContinuousClock.now + .seconds(30)
        while Self.jsonLines(serve.stderr).objects.filter({ ($0["message"] as? String)?.hasPrefix("run submission") == true }).count < 3,
              ContinuousClock.now < deadline, serve.isRunning {
            try await Task.sleep(for: .milliseconds(100))
        }
        serve.signal(SIGTERM)
        #expect(await serve.wait(timeout: .seconds(15)) == 0, "stderr: \(serve.stderr.suffix(2000))")

        let (objects, invalid) = Self.jsonLines(serve.stderr)
        #expect(invalid.isEmpty, "lines that are not a JSON object: \(invalid)")
        #expect(objects.allSatisfy { $0["level"] is String && $0["message"] is String }, "\(objects)")
        let runs = objects.filter { ($0["message"] as? String)?.hasPrefix("run submission") == true }
        #expect(runs.count >= 3, "stderr: \(serve.stderr.suffix(2000))")
        for run in runs {
            #expect(run["level"] as? String == "info" && run["probe"] as? String == "submission" && run["status"] as? String == "ok", "\(run)")
        }
        let phases = objects.filter { $0["message"] as? String == "phase" }
        let levels = Set(objects.compactMap { $0["level"] as? String })
        if level == "debug" {
            #expect(phases.count >= runs.count * 3, "\(phases.count) phase lines for \(runs.count) runs")
            #expect(phases.allSatisfy { $0["level"] as? String == "debug" && $0["probe"] as? String == "submission"
                && (($0["phase"] as? String)?.hasPrefix("smtp.") == true || $0["phase"] as? String == "total") && $0["ms"] != nil }, "\(phases.prefix(5))")
            #expect(Set(phases.compactMap { $0["phase"] as? String }).isSuperset(of: ["smtp.connect", "smtp.auth"]))
        } else {
            #expect(phases.isEmpty && !levels.contains("debug") && !levels.contains("trace"), "levels at info: \(levels)")
        }
        Self.expectNoSecrets(Finished(status: 0, stdout: serve.stdoutLines.joined(separator: "\n"), stderr: serve.stderr), "serve")
        Self.expectNoSecretsInStore(directory)
    }

    @Test func theAPINeedsTheBearerTokenWhileHealthzStaysOpen() async throws {
        let (serve, server, directory, base) = try await Self.startServe()
        defer { server.signal(SIGTERM); try? FileManager.default.removeItem(atPath: directory) }
        let token = "api-token-Zr55"
        var answers: [String: String] = [:]
        let healthz = await LoopbackHTTP.poll(base + "/healthz") { status, _ in status == 200 }
        try #require(healthz != nil, "serve did not answer; stderr: \(serve.stderr.suffix(2000))")
        let stored = await LoopbackHTTP.poll(base + "/api/runs?probe=submission", token: token) { status, body in
            status == 200 && body.contains("\"probe\":\"submission\"")
        }
        #expect(stored != nil, "no run stored; stderr: \(serve.stderr.suffix(2000))")
        answers["runs"] = stored?.body ?? ""

        let requests: [(method: String, path: String, token: String?, status: Int)] = [
            ("GET", "/api/probes", nil, 401),
            ("GET", "/api/probes", "api-token-Zr54", 401),
            ("GET", "/api/probes", token.uppercased(), 401),
            ("GET", "/api/runs?probe=submission", nil, 401),
            ("POST", "/api/reload", nil, 401),
            ("POST", "/api/probes/submission/run", nil, 401),
            ("GET", "/api/probes", token, 200),
            ("GET", "/healthz", nil, 200),
            ("GET", "/metrics", nil, 200),
        ]
        for request in requests {
            let answer = await LoopbackHTTP.request(base + request.path, method: request.method, token: request.token)
            let name = "\(request.method) \(request.path) \(request.token ?? "no token")"
            answers[name] = answer?.body ?? ""
            #expect(answer?.status == request.status, "\(name): \(answer.map { "\($0.status) \($0.body)" } ?? "no answer")")
            if request.status == 401 { #expect(answer?.body.contains("bearer token is required") == true, "\(name): \(answer?.body ?? "")") }
        }
        #expect(answers["GET /api/probes \(token)"]?.contains("\"name\":\"submission\"") == true)

        serve.signal(SIGTERM)
        #expect(await serve.wait(timeout: .seconds(15)) == 0, "stderr: \(serve.stderr.suffix(2000))")
        answers["serve stderr"] = serve.stderr
        answers["serve stdout"] = serve.stdoutLines.joined(separator: "\n")
        // The token itself is the one secret the client sends; no answer may echo it back.
        #expect(SecretScan.leaks(of: Self.secrets + [token.uppercased()], in: answers).isEmpty, "\(SecretScan.leaks(of: Self.secrets, in: answers))")
        Self.expectNoSecretsInStore(directory)
    }
}
