import COpenSSL
import Glibc
import MailCore
import Synchronization

private let connectionIDs = Atomic<UInt64>(0)

/// A TCP connection, plaintext or TLS, driven by the shared event loop.
///
/// Reads and writes make non-blocking system calls on the calling task and
/// suspend (without a thread) only when the kernel or OpenSSL would block.
/// One read and one write may be pending at the same time (IMAP reads in one
/// task while another writes). Every operation takes a deadline.
public final class TCPConnection: Sendable {
    /// Unique per process.
    public let id: ConnectionID
    /// The peer.
    public let remoteAddress: SocketAddress
    /// How the connection was made; nil for accepted (server-side) connections.
    public let establishment: ConnectionEstablishment?

    let fd: Int32
    let registration: UInt64
    /// The name given to `connect`, verified by default during `startTLS`.
    let hostName: String?
    let observer: (any ConnectionObserver)?

    /// An OpenSSL `SSL*`; only ever used under the connection's state lock.
    struct SSLHandle: @unchecked Sendable {
        var pointer: OpaquePointer
    }

    struct State: Sendable {
        var closed = false
        /// The `SSL` object once a handshake has begun; every SSL_* call holds the lock.
        var ssl: SSLHandle?
        var tlsSession: TLSSessionInfo?
    }

    /// Guards descriptor validity (no system call after close) and serializes SSL_* calls.
    /// Held only during non-blocking calls, never across a suspension.
    let state = Mutex(State())

    init(
        fd: Int32,
        registration: UInt64,
        id: ConnectionID,
        remoteAddress: SocketAddress,
        establishment: ConnectionEstablishment?,
        hostName: String?,
        observer: (any ConnectionObserver)?
    ) {
        self.fd = fd
        self.registration = registration
        self.id = id
        self.remoteAddress = remoteAddress
        self.establishment = establishment
        self.hostName = hostName
        self.observer = observer
    }

    deinit {
        close()
    }

    /// The negotiated TLS parameters once a handshake has completed.
    public var tlsSession: TLSSessionInfo? {
        state.withLock { $0.tlsSession }
    }

    static func nextID() -> ConnectionID {
        ConnectionID(rawValue: connectionIDs.wrappingAdd(1, ordering: .relaxed).newValue)
    }

    /// Resolves `host`, races connections to its addresses (RFC 8305) and returns the first that connects.
    public static func connect(
        host: String,
        port: UInt16,
        deadline: ContinuousClock.Instant,
        happyEyeballsDelay: Duration = .milliseconds(250),
        observer: (any ConnectionObserver)? = nil
    ) async throws(TransportError) -> TCPConnection {
        let id = nextID()
        let dnsStarted = ContinuousClock.now
        observer?.record(ConnectionEvent(instant: dnsStarted, connectionID: id, kind: .dnsStarted(host: host)))
        let resolved: (addresses: [SocketAddress], completed: ContinuousClock.Instant)
        do {
            resolved = try await Resolver.resolve(host: host, port: port, deadline: deadline)
        } catch {
            observer?.record(ConnectionEvent(instant: .now, connectionID: id, kind: .dnsFailed(host: host, reason: error.message)))
            throw error
        }
        // A numeric host was never looked up: both instants are the same.
        let numeric = SocketAddress(numericHost: host, port: port) != nil
        let dnsCompleted = numeric ? dnsStarted : resolved.completed
        let addresses = HappyEyeballs.interleave(resolved.addresses)
        observer?.record(ConnectionEvent(instant: dnsCompleted, connectionID: id, kind: .dnsResolved(host: host, addresses: addresses)))
        let winner = try await HappyEyeballs.race(
            addresses, deadline: deadline, delay: happyEyeballsDelay, connectionID: id, observer: observer
        )
        let establishment = ConnectionEstablishment(
            dnsStarted: dnsStarted,
            dnsCompleted: dnsCompleted,
            connectStarted: winner.connectStarted,
            connectCompleted: winner.connectCompleted,
            addresses: addresses,
            remoteAddress: winner.address
        )
        return TCPConnection(
            fd: winner.fd,
            registration: winner.registration,
            id: id,
            remoteAddress: winner.address,
            establishment: establishment,
            hostName: SocketAddress.stripBrackets(host),
            observer: observer
        )
    }

    /// Closes the connection: idempotent, never blocks; sends a TLS close_notify when it can.
    /// Pending reads and writes end with `connectionClosed`.
    public func close() {
        let wasOpen: Bool = state.withLock { state in
            guard !state.closed else { return false }
            state.closed = true
            if let ssl = state.ssl?.pointer {
                if SSL_is_init_finished(ssl) == 1 { _ = SSL_shutdown(ssl) }
                ERR_clear_error()
                SSL_free(ssl)
                state.ssl = nil
            }
            Socket.close(fd: fd, registration: registration)
            return true
        }
        if wasOpen {
            observer?.record(ConnectionEvent(instant: .now, connectionID: id, kind: .closed))
        }
    }

    // MARK: - Waiting

    /// Waits for readiness after a call would have blocked; throws when the wait ends otherwise.
    func waitFor(_ interest: EventLoop.Interest, step: TransportError.Step, deadline: ContinuousClock.Instant, since start: ContinuousClock.Instant) async throws(TransportError) {
        let outcome = await EventLoop.shared.wait(registration, for: interest, deadline: deadline)
        guard outcome == .ready else { throw .waitFailed(outcome, step, since: start) }
    }
}
