/// What ``TCPConnection/connect(host:port:deadline:happyEyeballsDelay:observer:)``
/// did, for phase timing.
public struct ConnectionEstablishment: Sendable {
    /// Start of name resolution; equal to ``dnsCompleted`` when the host was numeric.
    public var dnsStarted: ContinuousClock.Instant
    public var dnsCompleted: ContinuousClock.Instant
    /// The first connect(2) call.
    public var connectStarted: ContinuousClock.Instant
    /// The winning attempt became writable without error.
    public var connectCompleted: ContinuousClock.Instant
    /// Resolved addresses, in the order they were (or would have been) tried.
    public var addresses: [SocketAddress]
    /// The address that answered.
    public var remoteAddress: SocketAddress

    public init(
        dnsStarted: ContinuousClock.Instant,
        dnsCompleted: ContinuousClock.Instant,
        connectStarted: ContinuousClock.Instant,
        connectCompleted: ContinuousClock.Instant,
        addresses: [SocketAddress],
        remoteAddress: SocketAddress
    ) {
        self.dnsStarted = dnsStarted
        self.dnsCompleted = dnsCompleted
        self.connectStarted = connectStarted
        self.connectCompleted = connectCompleted
        self.addresses = addresses
        self.remoteAddress = remoteAddress
    }
}
