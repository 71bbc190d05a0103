/// `serve:` — how `mailprobe serve` runs: where it listens, where it keeps history, its limits.
///
///     serve:
///       listen: 127.0.0.1:9925
///       data_dir: /var/lib/mailprobe
///       public_url: https://mailprobe.corp.example
///       api_token: {env: MAILPROBE_API_TOKEN}
///       concurrency: 64
///       traces: failures
///       retention: {runs: 30d, rollups: 400d}
///       http: {max_connections: 256, max_connections_per_client: 32, request_timeout: 15s}
public struct ServeConfig: Sendable, Hashable {
    /// Which runs keep their masked protocol transcript in the store.
    public enum TracePolicy: String, Sendable, Hashable, CaseIterable {
        case never
        case failures
        case always
    }

    public var listenHost: String
    public var listenPort: UInt16
    /// `nil`: `$XDG_STATE_HOME/mailprobe`, or `/var/lib/mailprobe` as root.
    public var dataDirectory: String?
    /// Links in notifications point here (`{public_url}/runs/ID`).
    public var publicURL: String?
    /// Bearer token for `/api/*`; required when ``listenHost`` is not a loopback address.
    public var apiToken: CredentialSource?
    /// Bearer token for `/metrics`, if it should have one of its own.
    public var metricsToken: CredentialSource?
    /// Runs at once, over all probes.
    public var concurrency: Int
    public var traces: TracePolicy
    public var retainRuns: Duration
    public var retainRollups: Duration
    /// On SIGTERM, how long running runs may take to finish before they are cancelled.
    public var grace: Duration
    /// `HOST:PORT` that must answer a TCP connect for the agent to count as online.
    public var canary: String?
    /// `http:`, what the listener grants one client.
    public var http = HTTPListenerLimits()

    public init(listenHost: String = "127.0.0.1", listenPort: UInt16 = 9925, dataDirectory: String? = nil,
                publicURL: String? = nil, apiToken: CredentialSource? = nil, metricsToken: CredentialSource? = nil,
                concurrency: Int = 64, traces: TracePolicy = .failures, retainRuns: Duration = .seconds(30 * 86_400),
                retainRollups: Duration = .seconds(400 * 86_400), grace: Duration = .seconds(30), canary: String? = nil) {
        self.listenHost = listenHost
        self.listenPort = listenPort
        self.dataDirectory = dataDirectory
        self.publicURL = publicURL
        self.apiToken = apiToken
        self.metricsToken = metricsToken
        self.concurrency = concurrency
        self.traces = traces
        self.retainRuns = retainRuns
        self.retainRollups = retainRollups
        self.grace = grace
        self.canary = canary
    }

    /// ``canary`` as host and port.
    public var canaryEndpoint: (host: String, port: UInt16)? {
        guard let canary, case .success(let parsed) = EndpointConfig.parseServer(canary), let port = parsed.port else { return nil }
        return (parsed.host, port)
    }

    /// True for `127.0.0.0/8`, `::1` and `localhost`: the API may then run without a token.
    public var listensOnLoopbackOnly: Bool {
        if listenHost == "localhost" || listenHost == "::1" || listenHost == "[::1]" { return true }
        // A numeric 127.0.0.0/8 address only: a name such as 127.example.com resolves anywhere.
        let parts = listenHost.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127"
            && parts.allSatisfy { !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) && Int($0)! <= 255 }
    }
}
