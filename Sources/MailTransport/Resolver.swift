import Glibc

/// Name resolution with getaddrinfo on the blocking pool, bounded by a deadline.
enum Resolver {
    /// A blocking lookup: addresses (port 0) or the reason it failed.
    typealias Lookup = @Sendable (String) -> Result<[SocketAddress], LookupFailure>

    struct LookupFailure: Error, Sendable {
        var reason: String
    }

    private enum Outcome: Sendable {
        case finished(Result<[SocketAddress], LookupFailure>, ContinuousClock.Instant)
        case timedOut
        case cancelled
    }

    /// Resolves `host` to TCP addresses in resolver order, with duplicates removed.
    ///
    /// Numeric hosts (`"127.0.0.1"`, `"::1"`, `"[::1]"`) return at once. Names
    /// under `.invalid` fail at once (RFC 6761 §6.4) without any query.
    /// Returns the addresses and the instant the lookup completed.
    static func resolve(
        host: String,
        port: UInt16,
        deadline: ContinuousClock.Instant,
        lookup: @escaping Lookup = systemLookup
    ) async throws(TransportError) -> (addresses: [SocketAddress], completed: ContinuousClock.Instant) {
        if let numeric = SocketAddress(numericHost: host, port: port) {
            return ([numeric], .now)
        }
        let start = ContinuousClock.now
        let lowered = host.lowercased()
        if lowered == "invalid" || lowered.hasSuffix(".invalid") || lowered.hasSuffix(".invalid.") {
            throw TransportError(step: .dns, code: .resolutionFailed, message: "\(host): name does not exist (RFC 6761 .invalid)")
        }
        let shot = OneShot<Outcome>()
        BlockingPool.shared.submit {
            let result = lookup(host)
            shot.fulfil(.finished(result, .now))
        }
        let timer = Task {
            try? await Task.sleep(until: deadline, clock: .continuous)
            shot.fulfil(Task.isCancelled ? .cancelled : .timedOut)
        }
        let outcome = await shot.wait(cancelled: .cancelled)
        timer.cancel()
        switch outcome {
        case .timedOut:
            throw TransportError(step: .dns, code: .timedOut, message: "\(host): timed out after \(formatSeconds(start.duration(to: .now)))")
        case .cancelled:
            throw .cancelled(.dns)
        case .finished(.failure(let failure), _):
            throw TransportError(step: .dns, code: .resolutionFailed, message: "\(host): \(failure.reason)")
        case .finished(.success(let addresses), let completed):
            guard !addresses.isEmpty else {
                throw TransportError(step: .dns, code: .resolutionFailed, message: "\(host): no addresses")
            }
            return (addresses.map { SocketAddress(host: $0.host, port: port, family: $0.family, scopeID: $0.scopeID) }, completed)
        }
    }

    /// getaddrinfo(AF_UNSPEC, SOCK_STREAM). Blocking: run it on the pool only.
    static let systemLookup: Lookup = { host in
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_protocol = Int32(IPPROTO_TCP)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        guard status == 0 else {
            let reason = status == EAI_SYSTEM ? errnoText(errno) : String(cString: gai_strerror(status))
            return .failure(LookupFailure(reason: reason.prefix(1).lowercased() + reason.dropFirst()))
        }
        defer { freeaddrinfo(list) }
        var addresses: [SocketAddress] = []
        var cursor = list
        while let info = cursor {
            if let raw = info.pointee.ai_addr, let address = SocketAddress(UnsafePointer(raw)), !addresses.contains(address) {
                addresses.append(address)
            }
            cursor = info.pointee.ai_next
        }
        return .success(addresses)
    }
}
