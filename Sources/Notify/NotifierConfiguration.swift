/// One configured notifier (`notifiers.NAME` in the config file), secrets already resolved.
public enum NotifierConfiguration: Sendable {
    case webhook(WebhookConfiguration)
    case sms(SMSConfiguration)
    case email(EmailConfiguration)
    case alertmanager(AlertmanagerConfiguration)
    case command(CommandConfiguration)

    /// `webhook`, `sms`, `email`, `alertmanager` or `command`.
    public var kind: String {
        switch self {
        case .webhook: "webhook"
        case .sms: "sms"
        case .email: "email"
        case .alertmanager: "alertmanager"
        case .command: "command"
        }
    }
}
