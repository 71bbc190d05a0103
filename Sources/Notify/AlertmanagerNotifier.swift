import AsyncHTTPClient
import Foundation
import MonitorCore

/// Posts alerts to Alertmanager (`POST {url}/api/v2/alerts`, a JSON array).
///
/// Labels identify an alert in Alertmanager, so only what stays fixed for one firing period goes there:
/// `alertname` is always `MailProbeProbeFailing` (`MailProbeTest` for test notices), plus `probe`, `route`,
/// `location` and `severity` (empty ones left out). The reason and the phase can change while an alert
/// fires, so they are annotations, next to `summary`, `description` and `run_url`.
///
/// A firing alert gets `endsAt` = now + ``AlertmanagerConfiguration/resolveTimeout``, so Alertmanager does not
/// resolve it after its default 5 minutes; the daemon re-posts it (repeat notices) while it fires. A resolved
/// notice sets `endsAt` to its `at_ms` for both severities, and an escalation ends the warning alert while
/// it starts the critical one, so no stale alert is left behind.
struct AlertmanagerNotifier: AlertNotifier {
    static let alertName = "MailProbeProbeFailing"
    static let testAlertName = "MailProbeTest"

    let name: String
    let configuration: AlertmanagerConfiguration
    let client: HTTPClient
    let redactor: SecretRedactor

    init(name: String, configuration: AlertmanagerConfiguration, client: HTTPClient) {
        self.name = name
        self.configuration = configuration
        self.client = client
        switch configuration.authentication {
        case .basic(_, let password): redactor = SecretRedactor([password])
        case .bearer(let token): redactor = SecretRedactor([token])
        case nil: redactor = SecretRedactor([])
        }
    }

    func send(_ notice: AlertNotice) async -> NotificationOutcome {
        let start = ContinuousClock.now
        let body = WebhookPayload.encode(Self.alerts(for: notice, resolveTimeout: configuration.resolveTimeout,
                                                     nowMs: Int64(Date().timeIntervalSince1970 * 1000)))
        var headers: [(name: String, value: String)] = [("Content-Type", "application/json")]
        switch configuration.authentication {
        case .basic(let user, let password):
            headers.append(("Authorization", "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()))
        case .bearer(let token):
            headers.append(("Authorization", "Bearer \(token)"))
        case nil:
            break
        }
        let base = configuration.url.hasSuffix("/") ? String(configuration.url.dropLast()) : configuration.url
        let exchange = HTTPExchange(method: "POST", url: base + "/api/v2/alerts", headers: headers, body: body,
                                    timeout: configuration.timeout)
        return await exchange.perform(on: client)
            .outcome(latency: start.duration(to: .now), redactor: redactor, what: "alertmanager \(name)")
    }

    /// The alerts one notice posts: one, or two when an escalation or a recovery also ends the other severity.
    static func alerts(for notice: AlertNotice, resolveTimeout: Duration, nowMs: Int64) -> [AlertmanagerAlert] {
        let firingEnd = nowMs + resolveTimeout.nanoseconds / 1_000_000
        switch notice.event {
        case .firing, .repeated, .test:
            return [alert(notice, severity: notice.severity, endsAtMs: firingEnd)]
        case .escalated:
            let ended = AlertSeverity.allCases.filter { $0 != notice.severity }
                .map { alert(notice, severity: $0, endsAtMs: notice.atMs) }
            return ended + [alert(notice, severity: notice.severity, endsAtMs: firingEnd)]
        case .resolved:
            return AlertSeverity.allCases.map { alert(notice, severity: $0, endsAtMs: notice.atMs) }
        }
    }

    static func alert(_ notice: AlertNotice, severity: AlertSeverity, endsAtMs: Int64) -> AlertmanagerAlert {
        var labels = ["alertname": notice.event == .test ? testAlertName : alertName, "probe": notice.key.probe,
                      "severity": severity.rawValue]
        if let route = notice.key.route, !route.isEmpty { labels["route"] = route }
        if let location = notice.location, !location.isEmpty { labels["location"] = location }
        var annotations = ["summary": notice.summary, "reason": notice.reasonKind]
        var description = notice.detail
        if let reply = notice.serverReply, !reply.isEmpty { description += "\nServer reply: \(reply)" }
        annotations["description"] = description
        if let phase = notice.phase, !phase.isEmpty { annotations["phase"] = phase }
        if let link = notice.runURL, !link.isEmpty { annotations["run_url"] = link }
        return AlertmanagerAlert(labels: labels, annotations: annotations.filter { !$0.value.isEmpty },
                                 startsAt: rfc3339(milliseconds: notice.sinceMs), endsAt: rfc3339(milliseconds: endsAtMs),
                                 generatorURL: notice.runURL.flatMap { $0.isEmpty ? nil : $0 })
    }

    /// `2025-01-01T00:00:00.000Z`.
    static func rfc3339(milliseconds: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }
}

/// One alert in Alertmanager's `postableAlerts` (API v2).
struct AlertmanagerAlert: Encodable, Hashable {
    var labels: [String: String]
    var annotations: [String: String]
    var startsAt: String
    var endsAt: String?
    var generatorURL: String?
}
