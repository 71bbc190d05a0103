/// Prometheus Alertmanager's v2 API: alerts posted to `{url}/api/v2/alerts`.
public struct AlertmanagerConfiguration: Sendable, Hashable {
    /// How to authenticate, if at all.
    public enum Authentication: Sendable, Hashable {
        case basic(user: String, password: String)
        case bearer(String)
    }

    /// The Alertmanager base URL, e.g. `http://127.0.0.1:9093`.
    public var url: String
    public var authentication: Authentication?
    /// How long a firing alert stays firing in Alertmanager without being posted again (its `endsAt`).
    /// The daemon must re-post a firing alert (its repeat notices) more often than this.
    public var resolveTimeout: Duration
    public var timeout: Duration

    public init(url: String, authentication: Authentication? = nil, resolveTimeout: Duration = .seconds(3600),
                timeout: Duration = .seconds(10)) {
        self.url = url
        self.authentication = authentication
        self.resolveTimeout = resolveTimeout
        self.timeout = timeout
    }
}
