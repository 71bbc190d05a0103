/// Identifies one connection in events and traces.
public struct ConnectionID: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }
    public var description: String { "#\(rawValue)" }
}

/// Something that happened on a connection, stamped with a monotonic instant
/// taken at the system-call boundary.
///
/// The transport reports name resolution, TCP and TLS; protocol clients report
/// their phases and the (redacted) lines they send and receive. Consumers
/// compute durations from the instants.
public struct ConnectionEvent: Sendable {
    public enum Kind: Sendable {
        case dnsStarted(host: String)
        case dnsResolved(host: String, addresses: [SocketAddress])
        case dnsFailed(host: String, reason: String)
        case connectStarted(SocketAddress)
        case connectFailed(SocketAddress, reason: String)
        case connected(SocketAddress)
        case tlsHandshakeStarted(serverName: String?)
        case tlsHandshakeCompleted(TLSSessionInfo)
        case tlsHandshakeFailed(reason: String)
        /// A protocol phase (`"ehlo"`, `"data_accepted"`, …) began.
        case phaseStarted(String)
        /// A protocol phase ended; `succeeded` is false when it ended in an error.
        case phaseCompleted(String, succeeded: Bool)
        /// A protocol line as sent, with credentials masked.
        case lineSent(String)
        /// A protocol line as received.
        case lineReceived(String)
        case closed
    }

    public var instant: ContinuousClock.Instant
    public var connectionID: ConnectionID
    public var kind: Kind

    public init(instant: ContinuousClock.Instant, connectionID: ConnectionID, kind: Kind) {
        self.instant = instant
        self.connectionID = connectionID
        self.kind = kind
    }
}

/// Receives connection events. Must be cheap and must not block: it is called
/// inline on the connection's path. Pass `nil` where no one listens and no
/// event is even built.
public protocol ConnectionObserver: Sendable {
    func record(_ event: ConnectionEvent)
}
