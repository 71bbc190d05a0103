/// `serve.http:` — what the daemon's HTTP listener (API, dashboard, metrics) grants one client, so that slow
/// or greedy clients cannot take the listener, or the descriptors the probes need, from everyone else.
///
///     serve:
///       http: {max_connections: 256, max_connections_per_client: 32, request_timeout: 15s}
public struct HTTPListenerLimits: Sendable, Hashable {
    /// Connections open at once; one more is closed as soon as it is accepted.
    public var maxConnections: Int
    /// Connections open at once from one client address.
    public var maxConnectionsPerClient: Int
    /// A connection must deliver its next whole request (head and body) within this, counted from when it
    /// opened or its previous response was sent; otherwise it is closed (slow clients, idle keep-alives).
    public var requestTimeout: Duration
    /// The largest request head (request line and header fields), in bytes: a larger one is refused with 431.
    public var maxHeaderBytes: Int

    public init(maxConnections: Int = 256, maxConnectionsPerClient: Int = 32, requestTimeout: Duration = .seconds(15),
                maxHeaderBytes: Int = 32 * 1024) {
        self.maxConnections = maxConnections
        self.maxConnectionsPerClient = maxConnectionsPerClient
        self.requestTimeout = requestTimeout
        self.maxHeaderBytes = maxHeaderBytes
    }
}
