import AsyncHTTPClient
import Logging
import MonitorCore
import NIOCore

/// The configured notifiers, sharing one ``HTTPClient``: build once, look up by name, ``shutdown()`` when done.
///
///     let notifiers = NotifierSet(["oncall": .sms(sms), "chat": .webhook(slack)], logger: logger)
///     let outcome = await notifiers.notifier(named: "chat")?.send(notice)
///     await notifiers.shutdown()
///
/// Every send is logged (`notify.*` metadata: name, kind, event, alert id, outcome); no secret reaches the log.
/// ``shutdown()`` must be called before the set is released (the HTTP client insists on it).
public final class NotifierSet: Sendable {
    private let client: HTTPClient
    private let notifiers: [String: any AlertNotifier]

    public init(_ notifiers: [String: NotifierConfiguration], logger: Logger) {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = HTTPClient.Configuration.Timeout(connect: .seconds(10))
        configuration.decompression = .disabled
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.client = client
        var built: [String: any AlertNotifier] = [:]
        for (name, notifier) in notifiers {
            let inner: any AlertNotifier = switch notifier {
            case .webhook(let webhook): WebhookNotifier(name: name, configuration: webhook, client: client)
            case .sms(let sms): SMSNotifier(name: name, configuration: sms, client: client)
            case .email(let email): EmailNotifier(name: name, configuration: email)
            case .alertmanager(let alertmanager): AlertmanagerNotifier(name: name, configuration: alertmanager, client: client)
            case .command(let command): CommandNotifier(name: name, configuration: command)
            }
            built[name] = LoggedNotifier(inner: inner, kind: notifier.kind, logger: logger)
        }
        self.notifiers = built
    }

    public func notifier(named name: String) -> (any AlertNotifier)? { notifiers[name] }

    /// The configured names, sorted.
    public var names: [String] { notifiers.keys.sorted() }

    /// Closes the HTTP client's connections; sends after this fail.
    public func shutdown() async {
        try? await client.shutdown()
    }
}

/// Logs each outcome of the notifier it wraps.
struct LoggedNotifier: AlertNotifier {
    let inner: any AlertNotifier
    let kind: String
    let logger: Logger

    var name: String { inner.name }

    func send(_ notice: AlertNotice) async -> NotificationOutcome {
        await send(notice, skipping: [])
    }

    func send(_ notice: AlertNotice, skipping delivered: Set<String>) async -> NotificationOutcome {
        let outcome = await inner.send(notice, skipping: delivered)
        var metadata: Logger.Metadata = [
            "notify.name": "\(name)", "notify.kind": "\(kind)", "notify.event": "\(notice.event.rawValue)",
            "notify.alert_id": "\(notice.alertID)", "notify.delivered": "\(outcome.delivered)",
            "notify.latency_ms": "\(outcome.latency.nanoseconds / 1_000_000)",
        ]
        if let status = outcome.httpStatus { metadata["notify.http_status"] = "\(status)" }
        if outcome.delivered {
            logger.info("notification sent", metadata: metadata)
        } else {
            metadata["notify.retryable"] = "\(outcome.retryable)"
            metadata["notify.error"] = "\(outcome.error ?? "")"
            logger.warning("notification failed", metadata: metadata)
        }
        return outcome
    }
}
