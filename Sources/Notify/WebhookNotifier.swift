import AsyncHTTPClient
import Foundation
import MonitorCore

/// Posts the notice as JSON (MailProbe's own, Slack's or a Teams card), optionally signed with HMAC-SHA256.
///
///     POST /hook HTTP/1.1
///     Content-Type: application/json
///     X-MailProbe-Timestamp: 1735689600
///     X-MailProbe-Signature: sha256=5d1b…
///
///     {"alert_id":7,"event":"firing",…,"text":"CRITICAL corp-roundtrip …"}
struct WebhookNotifier: AlertNotifier {
    static let signatureHeader = "X-MailProbe-Signature"
    static let timestampHeader = "X-MailProbe-Timestamp"

    let name: String
    let configuration: WebhookConfiguration
    let client: HTTPClient
    let redactor: SecretRedactor

    init(name: String, configuration: WebhookConfiguration, client: HTTPClient) {
        self.name = name
        self.configuration = configuration
        self.client = client
        self.redactor = SecretRedactor(Array(configuration.headers.values) + [configuration.signingSecret].compactMap { $0 })
    }

    func send(_ notice: AlertNotice) async -> NotificationOutcome {
        let start = ContinuousClock.now
        let body = WebhookPayload.body(for: notice, format: configuration.format)
        let result = await exchange(body: body, now: Date()).perform(on: client)
        return result.outcome(latency: start.duration(to: .now), redactor: redactor, what: "webhook \(name)")
    }

    /// The request: JSON content type, the custom headers, then the signature over exactly these body bytes.
    func exchange(body: [UInt8], now: Date) -> HTTPExchange {
        var headers: [(name: String, value: String)] = [("Content-Type", "application/json; charset=utf-8")]
        headers += configuration.headers.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
        if let secret = configuration.signingSecret {
            headers.append((Self.timestampHeader, String(Int64(now.timeIntervalSince1970))))
            headers.append((Self.signatureHeader, "sha256=" + HMACSHA256.hex(key: Array(secret.utf8), message: body)))
        }
        return HTTPExchange(method: "POST", url: configuration.url, headers: headers, body: body, timeout: configuration.timeout)
    }
}
