import Foundation
import HistoryStore
import Hummingbird
import HummingbirdTesting
import Logging
import MailProbeService
import Probe
import Testing

/// The daemon's notifiers end to end: header secrets from references that never leak, and the
/// notice of a firing alert as soon as its silence is deleted.
@Suite(.serialized) struct ServeNotifierTests {
    init() {
        ServeDaemonTests.setSecrets()
        setenv("MAILPROBE_TEST_HOOK_HEADER", "Bearer hook-header-Hh55", 1)
    }

    /// Runs `body` with a live receiver on loopback (its port) and a fresh directory.
    func withReceiver(_ body: @escaping @Sendable (ReceiverLog, Int, String) async throws -> Void) async throws {
        let log = ReceiverLog()
        let receiver = Application(router: log.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await receiver.test(.live) { client in try await body(log, client.port!, ServeDaemonTests.temporaryDirectory()) }
    }

    @Test func headerSecretsComeFromReferencesAndAreRedactedEverywhere() async throws {
        try await withReceiver { log, port, directory in
            let keyFile = directory + "/sms.key"
            try "Key sms-header-Sk31\n".write(toFile: keyFile, atomically: true, encoding: .utf8)
            let config = ServeDaemonTests.config(directory: directory, webhookPort: port)
                .replacingOccurrences(of: "retries: 1, backoff: 200ms}",
                                      with: "retries: 1, backoff: 200ms, headers: {Authorization: {env: MAILPROBE_TEST_HOOK_HEADER}}}\n"
                                          + "  gateway: {type: sms, from: \"+1555\", to: [\"+1556\"], url: \"http://127.0.0.1:\(port)/sms\", "
                                          + "template: {number: \"{to}\", text: \"{body}\"}, headers: {Authorization: {file: \(keyFile)}}}")
                .replacingOccurrences(of: "notify: [hook]", with: "notify: [hook, gateway]")
            let path = directory + "/mailprobe.yaml"
            try config.write(toFile: path, atomically: true, encoding: .utf8)
            let lines = LogLines()
            let script = ServeDaemonTests.Script([.critical, .critical])
            let daemon = try await ServeDaemon(configPath: path, logger: lines.logger, execute: { await script.execute($0) })
            try await daemon.start()
            let sent = await log.wait { entries in
                entries.contains { $0.path == "/hook" } && entries.contains { $0.path == "/sms" }
            }
            #expect(sent, "receiver saw \(log.all.map(\.path))")
            #expect(log.all.first { $0.path == "/hook" }?.authorization == "Bearer hook-header-Hh55")
            #expect(log.all.first { $0.path == "/sms" }?.authorization == "Key sms-header-Sk31")

            let app = Application(router: await APIRouter.build(daemon))
            var answers: [String: String] = try await app.test(.router) { api in
                var bodies: [String: String] = [:]
                for uri in ["/api/probes", "/api/alerts", "/api/runs"] {
                    bodies[uri] = try await api.execute(uri: uri, method: .get, headers: [.authorization: "Bearer api-token-Xy42"]) {
                        String(buffer: $0.body)
                    }
                }
                return bodies
            }
            await daemon.shutdown()
            let secrets = ["hook-header-Hh55", "sms-header-Sk31"]
            answers["log"] = lines.text
            answers["notifications"] = log.all.map(\.body).joined(separator: "\n")
            #expect(lines.text.contains("notification sent"), "the log was captured")
            #expect(SecretScan.leaks(of: secrets, in: answers).isEmpty, "\(SecretScan.leaks(of: secrets, in: answers))")
            let files = SecretScan.fileLeaks(of: secrets, in: SecretScan.storeFiles(directory))
            #expect(!files.read.isEmpty)
            #expect(files.leaks.isEmpty, "\(files.leaks)")
        }
    }

    @Test func deletingTheSilenceOfAFiringAlertNotifiesAtOnce() async throws {
        try await withReceiver { log, port, directory in
            let path = directory + "/mailprobe.yaml"
            try ServeDaemonTests.config(directory: directory, webhookPort: port).write(toFile: path, atomically: true, encoding: .utf8)
            let script = ServeDaemonTests.Script(Array(repeating: .critical, count: 10_000))
            let daemon = try await ServeDaemon(configPath: path, logger: Logger(label: "test"), execute: { await script.execute($0) })
            let app = Application(router: await APIRouter.build(daemon))
            let auth: HTTPFields = [.authorization: "Bearer api-token-Xy42"]
            try await app.test(.router) { api in
                let body = ByteBuffer(string: #"{"probe": "corp-submission", "duration": "1h", "comment": "MX migration"}"#)
                let id = try await api.execute(uri: "/api/silences", method: .post, headers: auth, body: body) { response in
                    #expect(response.status == .created)
                    let object = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
                    return (object?["id"] as? Int) ?? -1
                }
                try await daemon.start()
                // The alert fires while silenced: stored, not sent.
                let deadline = ContinuousClock.now + .seconds(20)
                while ((try? daemon.store.firingAlerts()) ?? []).isEmpty, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(50))
                }
                #expect(try !daemon.store.firingAlerts().isEmpty)
                try await Task.sleep(for: .milliseconds(500))
                #expect(log.all.isEmpty, "a silenced alert was sent: \(log.all.map(\.body))")

                let deleted = ContinuousClock.now
                try await api.execute(uri: "/api/silences/\(id)", method: .delete, headers: auth) { #expect($0.status == .noContent) }
                let notified = await log.wait(timeout: .seconds(10)) { entries in
                    entries.contains { $0.body.contains("still firing after silence") }
                }
                #expect(notified, "no notice after the silence ended: \(log.all.map(\.body))")
                #expect(ContinuousClock.now - deleted < .seconds(5), "at once, not at the next repeat")
                let notice = try #require(log.all.first)
                #expect(notice.body.contains("\"event\":\"repeat\""))
                #expect(notice.body.contains("CRITICAL corp-submission (lab)"))
            }
            await daemon.shutdown()
        }
    }
}
