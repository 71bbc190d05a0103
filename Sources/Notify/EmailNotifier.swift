import MailCore
import MonitorCore
import SMTPClient
import SMTPCore

/// Sends the notice as a plain-text e-mail through ``SMTPConnection``: connect, one transaction, QUIT.
///
/// A 5xx reply (rejected sender, recipient or message, failed AUTH) is not retryable; 4xx replies,
/// timeouts and connection failures are.
struct EmailNotifier: AlertNotifier {
    let name: String
    let configuration: EmailConfiguration
    let redactor: SecretRedactor

    init(name: String, configuration: EmailConfiguration) {
        self.name = name
        self.configuration = configuration
        switch configuration.smtp.authentication?.secret {
        case .password(let secret), .oauth2Token(let secret): redactor = SecretRedactor([secret])
        case nil: redactor = SecretRedactor([])
        }
    }

    func send(_ notice: AlertNotice) async -> NotificationOutcome {
        let start = ContinuousClock.now
        guard !configuration.to.isEmpty else {
            return .failed("email \(name): no recipients", latency: .zero, retryable: false)
        }
        let message = EmailMessage.render(notice, from: configuration.from, to: configuration.to)
        let connection = SMTPConnection(configuration: configuration.smtp)
        defer { connection.close() }
        do {
            try await connection.connect()
            _ = try await connection.send(message, envelope: SMTPEnvelope(sender: configuration.from, recipients: configuration.to))
            // The message is accepted; a failing QUIT does not undo that.
            try? await connection.quit()
            return .delivered(latency: start.duration(to: .now))
        } catch {
            let text = "email \(name) via \(configuration.smtp.host):\(configuration.smtp.port): \(error)"
            return .failed(redactor.redact(text), latency: start.duration(to: .now), retryable: !error.isPermanent)
        }
    }
}
