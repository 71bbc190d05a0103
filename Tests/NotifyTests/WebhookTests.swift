import COpenSSL
import Foundation
import MonitorCore
import Notify
import Testing

/// Webhook notifications against a local receiver: the JSON, the headers, the signature, Slack and Teams.
@Suite(.serialized) struct WebhookTests {
    static let signingSecret = "whsec-7f3a9c2e5b1d"
    static let tokenHeader = "Bearer hook-token-4e8d2a"

    func send(_ configuration: WebhookConfiguration, notice: AlertNotice = Fixtures.notice(),
              capture: LogCapture = LogCapture()) async -> NotificationOutcome {
        let set = NotifierSet(["hook": .webhook(configuration)], logger: capture.logger)
        let outcome = await set.notifier(named: "hook")?.send(notice)
        await set.shutdown()
        return outcome ?? .failed("no notifier", latency: .zero, retryable: false)
    }

    @Test func postsTheNoticeJSONFieldByField() async throws {
        let receiver = try await HTTPReceiver.start()
        let capture = LogCapture()
        let outcome = await send(WebhookConfiguration(url: receiver.base + "/hook", headers: ["X-Team": "mail"]), capture: capture)
        await receiver.stop()
        #expect(outcome.delivered && outcome.httpStatus == 200 && outcome.error == nil)
        let request = try #require(receiver.requests.first)
        #expect(request.method == "POST" && request.path == "/hook")
        #expect(request.header("Content-Type") == "application/json; charset=utf-8")
        #expect(request.header("X-Team") == "mail")
        #expect(request.header("X-MailProbe-Signature") == nil)
        let json = try request.json()
        let notice = Fixtures.notice()
        #expect(json["alert_id"] as? Int == 7)
        #expect(json["key"] as? [String: String] == ["probe": "corp-roundtrip", "route": "corp->other"])
        #expect(json["event"] as? String == "firing")
        #expect(json["severity"] as? String == "critical")
        #expect(json["reason"] as? String == "threshold")
        #expect(json["phase"] as? String == "submit.data_accepted")
        #expect(json["location"] as? String == "office-berlin")
        #expect(json["summary"] as? String == notice.summary)
        #expect(json["text"] as? String == notice.summary)
        #expect(json["detail"] as? String == notice.detail)
        #expect(json["server_reply"] as? String == "250 2.0.0 Ok: queued as 4XyZ")
        #expect(json["since_ms"] as? Int == 1_735_689_600_000 && json["at_ms"] as? Int == 1_735_689_900_000)
        #expect(json["run_id"] as? Int == 42 && json["run_url"] as? String == "https://mailprobe.example/runs/42")
        #expect(capture.all.contains { $0.contains("notification sent") && $0.contains("notify.name=hook") })
    }

    @Test func signsTheBodyWithHMACSHA256() async throws {
        let receiver = try await HTTPReceiver.start()
        let capture = LogCapture()
        let before = Int(Date().timeIntervalSince1970)
        let outcome = await send(WebhookConfiguration(url: receiver.base + "/signed", headers: ["Authorization": Self.tokenHeader],
                                                      signingSecret: Self.signingSecret), capture: capture)
        await receiver.stop()
        #expect(outcome.delivered)
        let request = try #require(receiver.requests.first)
        #expect(request.header("Authorization") == Self.tokenHeader)
        let expected = "sha256=" + Self.referenceHMAC(key: Array(Self.signingSecret.utf8), message: request.body)
        #expect(request.header("X-MailProbe-Signature") == expected)
        let stamp = try #require(request.header("X-MailProbe-Timestamp").flatMap { Int($0) })
        #expect(stamp >= before && stamp <= before + 5)
        Fixtures.expectNoSecrets(Fixtures.texts([outcome], capture), [Self.signingSecret, Self.tokenHeader])
    }

    @Test func slackShape() async throws {
        let receiver = try await HTTPReceiver.start()
        let outcome = await send(WebhookConfiguration(url: receiver.base + "/services/T0/B0/x", format: .slack))
        await receiver.stop()
        #expect(outcome.delivered)
        let json = try #require(receiver.requests.first).json()
        let notice = Fixtures.notice()
        #expect(json.count == 1)
        #expect(json["text"] as? String == "\(notice.summary)\n\(notice.detail)\nhttps://mailprobe.example/runs/42")
    }

    @Test func teamsMessageCard() async throws {
        let receiver = try await HTTPReceiver.start()
        let outcome = await send(WebhookConfiguration(url: receiver.base + "/teams", format: .teams),
                                 notice: Fixtures.notice(event: .resolved))
        await receiver.stop()
        #expect(outcome.delivered)
        let json = try #require(receiver.requests.first).json()
        #expect(json["@type"] as? String == "MessageCard")
        #expect(json["@context"] as? String == "https://schema.org/extensions")
        #expect(json["summary"] as? String == Fixtures.notice().summary)
        #expect(json["themeColor"] as? String == "2EB886")
        #expect(json["title"] as? String == "Resolved: corp-roundtrip corp->other")
        let text = try #require(json["text"] as? String)
        #expect(text.contains(Fixtures.notice().detail) && text.contains("(https://mailprobe.example/runs/42)"))
        #expect(text.contains("Server reply: 250 2.0.0 Ok: queued as 4XyZ"))
    }

    struct StatusRow: Sendable {
        var status: Int
        var retryable: Bool
    }

    @Test(arguments: [StatusRow(status: 500, retryable: true), StatusRow(status: 503, retryable: true),
                      StatusRow(status: 408, retryable: true), StatusRow(status: 429, retryable: true),
                      StatusRow(status: 400, retryable: false), StatusRow(status: 404, retryable: false),
                      StatusRow(status: 301, retryable: false)])
    func failingStatuses(_ row: StatusRow) async throws {
        // The receiver echoes the secrets back: they must be redacted from the outcome and the log.
        let receiver = try await HTTPReceiver.start([CannedReply(status: row.status,
                                                                 body: "bad token \(Self.tokenHeader) sig \(Self.signingSecret)")])
        let capture = LogCapture()
        let outcome = await send(WebhookConfiguration(url: receiver.base + "/hook", headers: ["Authorization": Self.tokenHeader],
                                                      signingSecret: Self.signingSecret), capture: capture)
        await receiver.stop()
        #expect(!outcome.delivered)
        #expect(outcome.httpStatus == row.status)
        #expect(outcome.retryable == row.retryable)
        #expect(outcome.error?.contains("HTTP \(row.status)") == true)
        #expect(outcome.error?.contains("[redacted]") == true)
        #expect(capture.all.contains { $0.contains("notification failed") && $0.contains("notify.http_status=\(row.status)") })
        Fixtures.expectNoSecrets(Fixtures.texts([outcome], capture), [Self.signingSecret, Self.tokenHeader])
    }

    @Test func refusedConnectionIsRetryable() async throws {
        let port = try await { () async throws -> Int in
            let receiver = try await HTTPReceiver.start()
            await receiver.stop()
            return receiver.port
        }()
        let outcome = await send(WebhookConfiguration(url: "http://127.0.0.1:\(port)/hook", timeout: .seconds(1)))
        #expect(!outcome.delivered && outcome.retryable && outcome.httpStatus == nil)
        #expect(outcome.error?.contains("cannot reach 127.0.0.1") == true)
    }

    @Test func aURLThatIsNotHTTPIsNotRetryable() async {
        let outcome = await send(WebhookConfiguration(url: "ftp://127.0.0.1/hook"))
        #expect(!outcome.delivered && !outcome.retryable)
    }

    /// HMAC by its definition (RFC 2104) over OpenSSL's plain SHA-256, not through `HMAC()`.
    static func referenceHMAC(key: [UInt8], message: [UInt8]) -> String {
        func sha256(_ bytes: [UInt8]) -> [UInt8] {
            var digest = [UInt8](repeating: 0, count: 32)
            var length: UInt32 = 0
            _ = EVP_Digest(bytes, bytes.count, &digest, &length, EVP_sha256(), nil)
            return digest
        }
        var block = key.count > 64 ? sha256(key) : key
        block += [UInt8](repeating: 0, count: 64 - block.count)
        let inner = sha256(block.map { $0 ^ 0x36 } + message)
        let outer = sha256(block.map { $0 ^ 0x5C } + inner)
        return outer.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}

/// Bounds on what a receiver can make a notifier hold.
@Suite(.serialized) struct WebhookLimitTests {
    @Test func aHugeErrorBodyIsReadOnlyUpToTheCapAndQuotedShort() async throws {
        let receiver = try await HTTPReceiver.start([CannedReply(status: 502, body: String(repeating: "e", count: 2_000_000))])
        let set = NotifierSet(["hook": .webhook(WebhookConfiguration(url: receiver.base + "/hook"))], logger: LogCapture().logger)
        let outcome = try #require(await set.notifier(named: "hook")?.send(Fixtures.notice()))
        await set.shutdown()
        await receiver.stop()
        #expect(!outcome.delivered && outcome.retryable && outcome.httpStatus == 502)
        #expect((outcome.error?.count ?? 0) < 300)
    }

    @Test func namesAndLookup() async {
        let set = NotifierSet(["b": .command(CommandConfiguration(program: "true")),
                               "a": .webhook(WebhookConfiguration(url: "http://127.0.0.1:9/x"))], logger: LogCapture().logger)
        #expect(set.names == ["a", "b"])
        #expect(set.notifier(named: "a")?.name == "a")
        #expect(set.notifier(named: "missing") == nil)
        await set.shutdown()
    }
}
