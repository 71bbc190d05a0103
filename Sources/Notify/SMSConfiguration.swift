/// Text messages through Twilio's Messages API or any HTTP SMS gateway, one request per recipient.
public struct SMSConfiguration: Sendable, Hashable {
    /// Who carries the message.
    public enum Gateway: Sendable, Hashable {
        case twilio(TwilioGateway)
        case generic(GenericSMSGateway)
    }

    public var gateway: Gateway
    /// The sender number or id (`{from}`; Twilio's `From`).
    public var from: String
    /// The recipients, one request each.
    public var to: [String]
    public var timeout: Duration

    public init(gateway: Gateway, from: String, to: [String], timeout: Duration = .seconds(10)) {
        self.gateway = gateway
        self.from = from
        self.to = to
        self.timeout = timeout
    }
}

/// Twilio: a form POST to `{baseURL}/2010-04-01/Accounts/{accountSID}/Messages.json`, basic auth with the SID and token.
public struct TwilioGateway: Sendable, Hashable {
    public var accountSID: String
    /// Secret.
    public var authToken: String
    /// `https://api.twilio.com` unless a test or a proxy says otherwise.
    public var baseURL: String

    public init(accountSID: String, authToken: String, baseURL: String = "https://api.twilio.com") {
        self.accountSID = accountSID
        self.authToken = authToken
        self.baseURL = baseURL
    }
}

/// Any HTTP SMS gateway: a URL, a form or JSON template with `{to}`, `{body}` and `{from}`, and how success reads.
public struct GenericSMSGateway: Sendable, Hashable {
    /// What the request body is.
    public enum Body: Sendable, Hashable {
        /// Form fields (`application/x-www-form-urlencoded`); placeholders in the values are replaced, then percent-encoded.
        case form([String: String])
        /// A JSON document; placeholders are replaced by JSON-escaped text, so write them inside quotes: `{"to": "{to}"}`.
        case json(String)
    }

    public var method: String
    /// May hold `{to}` and `{from}` too (replaced percent-encoded).
    public var url: String
    public var body: Body
    /// Header values are treated as secrets (API keys usually travel here).
    public var headers: [String: String]
    /// A 2xx response counts as delivered only when its body contains this text.
    public var successMatch: String?

    public init(method: String = "POST", url: String, body: Body, headers: [String: String] = [:], successMatch: String? = nil) {
        self.method = method
        self.url = url
        self.body = body
        self.headers = headers
        self.successMatch = successMatch
    }
}
