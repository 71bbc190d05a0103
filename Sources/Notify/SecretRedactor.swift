/// Replaces every known secret in a text by `[redacted]` before it reaches an outcome or a log line.
///
/// Every non-empty secret is searched for, however short (a short one garbles the text rather than leak);
/// longer secrets are replaced longest first, so a secret containing another is removed whole.
struct SecretRedactor: Sendable, Hashable {
    static let marker = "[redacted]"
    private let secrets: [String]

    init(_ secrets: [String]) {
        self.secrets = Set(secrets.filter { !$0.isEmpty }).sorted { $0.count > $1.count }
    }

    func redact(_ text: String) -> String {
        var result = text
        for secret in secrets where result.contains(secret) {
            result = result.replacing(secret, with: Self.marker)
        }
        return result
    }

    func redact(_ outcome: NotificationOutcome) -> NotificationOutcome {
        var outcome = outcome
        outcome.error = outcome.error.map(redact)
        return outcome
    }
}
