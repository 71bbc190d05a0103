/// One entry of `notifiers:` — where alert notices go. Secrets are references, read when the daemon starts.
///
///     notifiers:
///       ops-hook: {type: webhook, url: "https://hooks.example/mail", format: slack}
///       oncall-sms: {type: sms, account_sid: AC0123, auth_token: {env: TWILIO_TOKEN}, from: "+15550100", to: ["+15550111"]}
///       ops-mail: {type: email, account: corp, to: [ops@corp.example]}
///       am: {type: alertmanager, url: "http://127.0.0.1:9093"}
///       pager: {type: command, command: [/usr/local/bin/page, --team, mail], timeout: 20s}
public struct NotifierSpec: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// `format`: `json` (the notice), `slack` or `teams`; `secret` signs the body (HMAC-SHA256).
        case webhook(url: String, format: String, headers: [String: HeaderValue], secret: CredentialSource?)
        /// Twilio's Messages API at `baseURL` (default `https://api.twilio.com`), or a generic gateway
        /// (`url` set: a form or JSON template with `{to}`, `{from}`, `{body}`).
        case sms(SMS)
        /// Plain-text mail through an account's SMTP service.
        case email(account: String, from: String?, to: [String])
        case alertmanager(url: String, token: CredentialSource?)
        /// `argv`, with the notice as JSON on stdin.
        case command(argv: [String])
    }

    public struct SMS: Sendable, Hashable {
        public var accountSID: String?
        public var authToken: CredentialSource?
        public var from: String
        public var to: [String]
        public var baseURL: String?
        /// A generic gateway: its URL, `form` or `json`, the template and a body substring that means success.
        public var url: String?
        public var encoding: String
        public var template: [String: String]
        public var headers: [String: HeaderValue]
        public var successMatch: String?

        public init(accountSID: String?, authToken: CredentialSource?, from: String, to: [String], baseURL: String? = nil,
                    url: String? = nil, encoding: String = "form", template: [String: String] = [:],
                    headers: [String: HeaderValue] = [:], successMatch: String? = nil) {
            self.accountSID = accountSID
            self.authToken = authToken
            self.from = from
            self.to = to
            self.baseURL = baseURL
            self.url = url
            self.encoding = encoding
            self.template = template
            self.headers = headers
            self.successMatch = successMatch
        }
    }

    /// A request header's value: written in the file, or a reference to a secret read when the daemon
    /// starts (`Authorization: {env: HOOK_TOKEN}`). Either way it is treated as a secret: redacted in
    /// logs, errors and notifications, never stored.
    public enum HeaderValue: Sendable, Hashable, CustomStringConvertible {
        case text(String)
        case secret(CredentialSource)

        /// The value to send; a reference is read now (errors name `location`).
        public func resolve(location: ConfigLocation) async throws(ConfigError) -> String {
            switch self {
            case .text(let text): text
            case .secret(let source): try await source.text(location: location)
            }
        }

        public var description: String {
            switch self {
            case .text: "****"
            case .secret(let source): "\(source)"
            }
        }
    }

    public var name: String
    public var kind: Kind
    public var timeout: Duration
    /// Attempts after the first before giving up.
    public var retries: Int
    /// The first retry's delay; each next one doubles (capped at 10 min).
    public var backoff: Duration

    public init(name: String, kind: Kind, timeout: Duration = .seconds(10), retries: Int = 5, backoff: Duration = .seconds(10)) {
        self.name = name
        self.kind = kind
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
    }

    /// `webhook`, `sms`, `email`, `alertmanager`, `command`.
    public var type: String {
        switch kind {
        case .webhook: "webhook"
        case .sms: "sms"
        case .email: "email"
        case .alertmanager: "alertmanager"
        case .command: "command"
        }
    }
}
