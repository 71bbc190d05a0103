import Glibc

/// Connection racing per RFC 8305 (Happy Eyeballs v2).
///
/// Addresses are tried in ``interleave(_:)`` order; a new attempt starts when
/// the previous one fails or after `delay` if it has not completed; the first
/// socket to connect wins and every other attempt is cancelled and closed.
enum HappyEyeballs {
    /// A connected socket, registered with the event loop.
    struct Winner: Sendable {
        var fd: Int32
        var registration: UInt64
        var address: SocketAddress
        var connectStarted: ContinuousClock.Instant
        var connectCompleted: ContinuousClock.Instant
    }

    private enum Event: Sendable {
        case connected(fd: Int32, registration: UInt64, SocketAddress, completed: ContinuousClock.Instant)
        case failed(SocketAddress, TransportError.Code, reason: String)
        case delayElapsed(attempt: Int)
    }

    /// RFC 8305 §4: alternate address families, IPv6 first, keeping the
    /// resolver's order within each family.
    static func interleave(_ addresses: [SocketAddress]) -> [SocketAddress] {
        let v6 = addresses.filter { $0.family == .ipv6 }
        let v4 = addresses.filter { $0.family == .ipv4 }
        var ordered: [SocketAddress] = []
        ordered.reserveCapacity(addresses.count)
        for index in 0..<max(v6.count, v4.count) {
            if index < v6.count { ordered.append(v6[index]) }
            if index < v4.count { ordered.append(v4[index]) }
        }
        return ordered
    }

    /// Races connection attempts to `addresses` (already in order) until one connects.
    static func race(
        _ addresses: [SocketAddress],
        deadline: ContinuousClock.Instant,
        delay: Duration,
        connectionID: ConnectionID,
        observer: (any ConnectionObserver)?
    ) async throws(TransportError) -> Winner {
        precondition(!addresses.isEmpty, "nothing to connect to")
        let started = ContinuousClock.now
        let result: Result<Winner, TransportError> = await withTaskGroup(of: Event.self) { group in
            var next = 0
            var running = 0
            var winner: Winner?
            var failures: [(SocketAddress, TransportError.Code, String)] = []

            func startNext() {
                let address = addresses[next]
                let attempt = next
                next += 1
                running += 1
                group.addTask { await connectAttempt(address, deadline: deadline, connectionID: connectionID, observer: observer) }
                if next < addresses.count {
                    group.addTask {
                        try? await Task.sleep(for: delay)
                        return .delayElapsed(attempt: attempt)
                    }
                }
            }

            startNext()
            while let event = await group.next() {
                switch event {
                case .connected(let fd, let registration, let address, let completed):
                    running -= 1
                    if winner == nil {
                        winner = Winner(fd: fd, registration: registration, address: address, connectStarted: started, connectCompleted: completed)
                        group.cancelAll()
                    } else {
                        Socket.close(fd: fd, registration: registration)
                    }
                case .failed(let address, let code, let reason):
                    running -= 1
                    failures.append((address, code, reason))
                    if winner == nil && !Task.isCancelled {
                        if next < addresses.count && ContinuousClock.now < deadline {
                            startNext()
                        } else if running == 0 {
                            group.cancelAll()
                        }
                    }
                case .delayElapsed(let attempt):
                    if winner == nil && !Task.isCancelled && attempt == next - 1 && next < addresses.count {
                        startNext()
                    }
                }
            }
            if let winner { return .success(winner) }
            return .failure(summarize(failures, cancelled: Task.isCancelled, started: started))
        }
        return try result.get()
    }

    /// One error naming every address tried and why it failed.
    private static func summarize(
        _ failures: [(SocketAddress, TransportError.Code, String)],
        cancelled: Bool,
        started: ContinuousClock.Instant
    ) -> TransportError {
        if cancelled { return .cancelled(.connect) }
        let message = failures.map { "\($0.2) (\($0.0))" }.joined(separator: "; ")
        let timedOut = failures.contains { $0.1 == .timedOut }
        return TransportError(step: .connect, code: timedOut ? .timedOut : .connectFailed, message: message)
    }

    /// One non-blocking connect(2), waiting for writability.
    private static func connectAttempt(
        _ address: SocketAddress,
        deadline: ContinuousClock.Instant,
        connectionID: ConnectionID,
        observer: (any ConnectionObserver)?
    ) async -> Event {
        let start = ContinuousClock.now
        let (fd, registration): (Int32, UInt64)
        switch Socket.open(family: address.addressFamily) {
        case .success(let opened): (fd, registration) = opened
        case .failure(let error): return failed(address, .connectFailed, error.text, connectionID, observer)
        }
        observer?.record(ConnectionEvent(instant: .now, connectionID: connectionID, kind: .connectStarted(address)))
        let status = address.withSockAddr { Glibc.connect(fd, $0, $1) }
        var code = status == 0 ? 0 : errno
        if code == EINPROGRESS {
            let outcome = await EventLoop.shared.wait(registration, for: .write, deadline: deadline)
            guard outcome == .ready else {
                Socket.close(fd: fd, registration: registration)
                let error = TransportError.waitFailed(outcome, .connect, since: start)
                return failed(address, error.code, error.message, connectionID, observer)
            }
            code = Socket.pendingError(fd)
        }
        let completed = ContinuousClock.now
        guard code == 0 else {
            Socket.close(fd: fd, registration: registration)
            return failed(address, .connectFailed, errnoText(code), connectionID, observer)
        }
        observer?.record(ConnectionEvent(instant: completed, connectionID: connectionID, kind: .connected(address)))
        return .connected(fd: fd, registration: registration, address, completed: completed)
    }

    private static func failed(
        _ address: SocketAddress,
        _ code: TransportError.Code,
        _ reason: String,
        _ connectionID: ConnectionID,
        _ observer: (any ConnectionObserver)?
    ) -> Event {
        observer?.record(ConnectionEvent(instant: .now, connectionID: connectionID, kind: .connectFailed(address, reason: reason)))
        return .failed(address, code, reason: reason)
    }
}
