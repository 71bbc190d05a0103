import COpenSSL
import Glibc
import MailCore
import Synchronization

extension TCPConnection {
    /// The result of one non-blocking read or write attempt.
    enum Attempt {
        case transferred(Int, ContinuousClock.Instant)
        case wouldBlock(EventLoop.Interest)
        case failed(TransportError)
    }

    /// Waits until at least one byte is available, appends what is available
    /// (at most `maxBytes`) to `buffer`, and returns the instant the read call returned.
    ///
    /// Reads through TLS once a handshake has completed. End of stream throws
    /// `connectionClosed`; a `buffer` already holding `bufferLimit` bytes throws
    /// `bufferLimitExceeded`, so a peer can never make the buffer grow past the limit.
    public func read(
        into buffer: inout InputBuffer,
        maxBytes: Int = 16_384,
        bufferLimit: Int = 1 << 20,
        deadline: ContinuousClock.Instant
    ) async throws(TransportError) -> ContinuousClock.Instant {
        let start = ContinuousClock.now
        let room = min(maxBytes, bufferLimit - buffer.readableBytes, 65_536)
        guard room > 0 else {
            if maxBytes <= 0 {
                throw TransportError(step: .read, code: .io, message: "maxBytes must be positive, got \(maxBytes)")
            }
            throw TransportError(
                step: .read, code: .bufferLimitExceeded,
                message: "buffer holds \(buffer.readableBytes) unconsumed bytes, limit \(bufferLimit)"
            )
        }
        while true {
            let attempt: Attempt = withUnsafeTemporaryAllocation(byteCount: room, alignment: 1) { scratch in
                let attempt = state.withLock { state in readOnce(&state, into: scratch) }
                if case .transferred(let count, _) = attempt {
                    buffer.append(UnsafeRawBufferPointer(rebasing: scratch[..<count]))
                }
                return attempt
            }
            switch attempt {
            case .transferred(_, let instant): return instant
            case .wouldBlock(let interest): try await waitFor(interest, step: .read, deadline: deadline, since: start)
            case .failed(let error): throw error
            }
        }
    }

    /// Writes all of `bytes` (through TLS when up) and returns the instant the
    /// last byte was handed to the kernel.
    ///
    /// On Linux the last system call of a write is followed by `TCP_QUICKACK`
    /// (see `Socket.setQuickAck`): the reply to what we just sent must not wait
    /// for our delayed ACK of whatever the peer sent before it.
    @discardableResult
    public func write(_ bytes: [UInt8], deadline: ContinuousClock.Instant) async throws(TransportError) -> ContinuousClock.Instant {
        let start = ContinuousClock.now
        if bytes.isEmpty { return start }
        var offset = 0
        var last = start
        while offset < bytes.count {
            let attempt: Attempt = bytes.withUnsafeBytes { raw in
                let remaining = UnsafeRawBufferPointer(rebasing: raw[offset...])
                return state.withLock { state in writeOnce(&state, remaining) }
            }
            switch attempt {
            case .transferred(let count, let instant):
                offset += count
                last = instant
            case .wouldBlock(let interest):
                try await waitFor(interest, step: .write, deadline: deadline, since: start)
            case .failed(let error):
                throw error
            }
        }
        return last
    }

    // MARK: - One attempt, under the state lock

    private func readOnce(_ state: inout State, into scratch: UnsafeMutableRawBufferPointer) -> Attempt {
        guard !state.closed else { return .failed(.closedLocally(.read)) }
        guard let ssl = state.ssl?.pointer else {
            let count = recv(fd, scratch.baseAddress, scratch.count, 0)
            let instant = ContinuousClock.now
            if count > 0 { return .transferred(count, instant) }
            if count == 0 { return .failed(TransportError(step: .read, code: .connectionClosed, message: "connection closed by peer")) }
            return socketFailure(errno, step: .read, interest: .read)
        }
        // Drain what OpenSSL already decrypted (SSL_pending) so no bytes sit unseen.
        var total = 0
        while total < scratch.count {
            ERR_clear_error()
            let count = SSL_read(ssl, scratch.baseAddress! + total, Int32(clamping: scratch.count - total))
            if count > 0 {
                total += Int(count)
                if SSL_pending(ssl) > 0 { continue }
                break
            }
            if total > 0 { break }
            return tlsFailure(ssl, count, step: .read)
        }
        return .transferred(total, .now)
    }

    private func writeOnce(_ state: inout State, _ bytes: UnsafeRawBufferPointer) -> Attempt {
        guard !state.closed else { return .failed(.closedLocally(.write)) }
        guard let ssl = state.ssl?.pointer else {
            let count = send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
            let instant = ContinuousClock.now
            if count >= 0 {
                if count == bytes.count { Socket.setQuickAck(fd) }
                return .transferred(count, instant)
            }
            return socketFailure(errno, step: .write, interest: .write)
        }
        ERR_clear_error()
        // Same length on every retry; the buffer may move (SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER).
        let count = SSL_write(ssl, bytes.baseAddress, Int32(clamping: bytes.count))
        if count > 0 {
            let instant = ContinuousClock.now
            if Int(count) == bytes.count { Socket.setQuickAck(fd) }
            return .transferred(Int(count), instant)
        }
        return tlsFailure(ssl, count, step: .write)
    }

    private func socketFailure(_ code: Int32, step: TransportError.Step, interest: EventLoop.Interest) -> Attempt {
        switch code {
        case EAGAIN, EWOULDBLOCK, EINTR:
            return .wouldBlock(interest)
        case ECONNRESET, EPIPE:
            return .failed(TransportError(step: step, code: .connectionClosed, message: "\(errnoText(code)) (\(remoteAddress))"))
        default:
            return .failed(TransportError(step: step, code: .io, message: "\(errnoText(code)) (\(remoteAddress))"))
        }
    }

    /// Maps a failed SSL_read / SSL_write / SSL_do_handshake result.
    func tlsFailure(_ ssl: OpaquePointer, _ result: Int32, step: TransportError.Step) -> Attempt {
        let code = SSL_get_error(ssl, result)
        let savedErrno = errno
        switch code {
        case SSL_ERROR_WANT_READ:
            return .wouldBlock(.read)
        case SSL_ERROR_WANT_WRITE:
            return .wouldBlock(.write)
        case SSL_ERROR_ZERO_RETURN:
            return .failed(TransportError(step: step, code: .connectionClosed, message: "TLS connection closed by peer (close_notify)"))
        case SSL_ERROR_SYSCALL:
            if let queued = OpenSSLError.drain() {
                return .failed(TransportError(step: step, code: .io, message: queued))
            }
            if savedErrno == 0 || savedErrno == ECONNRESET || savedErrno == EPIPE {
                let reason = savedErrno == 0 ? "connection closed by peer" : errnoText(savedErrno)
                return .failed(TransportError(step: step, code: .connectionClosed, message: reason))
            }
            if savedErrno == EAGAIN || savedErrno == EINTR {
                return .wouldBlock(step == .write ? .write : .read)
            }
            return .failed(TransportError(step: step, code: .io, message: errnoText(savedErrno)))
        default:
            let reason = OpenSSLError.drain() ?? "TLS error \(code)"
            return .failed(TransportError(step: step, code: .io, message: reason))
        }
    }
}
