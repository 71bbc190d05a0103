/// A JSON POST to a URL: MailProbe's own notice JSON, or the Slack or Microsoft Teams shape.
public struct WebhookConfiguration: Sendable, Hashable {
    /// What the body looks like.
    public enum Format: String, Sendable, Hashable, CaseIterable {
        /// The ``AlertNotice`` JSON (snake_case keys) plus `"text"`: the summary.
        case json
        /// A Slack incoming webhook: `{"text": "summary\ndetail\nrun_url"}`.
        case slack
        /// A Microsoft Teams connector MessageCard.
        case teams
    }

    public var url: String
    public var format: Format
    /// Extra request headers; their values are treated as secrets (never logged).
    public var headers: [String: String]
    /// When set, `X-MailProbe-Signature: sha256=<hex HMAC-SHA256(secret, body)>` and `X-MailProbe-Timestamp` are sent.
    public var signingSecret: String?
    public var timeout: Duration

    public init(url: String, format: Format = .json, headers: [String: String] = [:], signingSecret: String? = nil,
                timeout: Duration = .seconds(10)) {
        self.url = url
        self.format = format
        self.headers = headers
        self.signingSecret = signingSecret
        self.timeout = timeout
    }
}
