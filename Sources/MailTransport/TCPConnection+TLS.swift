import COpenSSL
import Glibc
import Synchronization

extension TCPConnection {
    /// Client-side TLS handshake on the open connection (implicit TLS right
    /// after connect, or a STARTTLS upgrade in place).
    ///
    /// Verifies the chain against `configuration.caFile` or the system store
    /// and the name (`serverName`, else the host given to `connect`) unless
    /// `verifyPeer` is false. Sends SNI for names, never for IP literals.
    /// After a STARTTLS upgrade the caller must discard any plaintext it buffered.
    @discardableResult
    public func startTLS(_ configuration: TLSConfiguration, deadline: ContinuousClock.Instant) async throws(TransportError) -> TLSSessionInfo {
        let start = ContinuousClock.now
        let name = configuration.serverName ?? hostName ?? remoteAddress.host
        let isIPLiteral = SocketAddress(numericHost: name, port: 0) != nil
        observer?.record(ConnectionEvent(instant: start, connectionID: id, kind: .tlsHandshakeStarted(serverName: isIPLiteral ? nil : name)))
        do {
            let context = try TLSContext.client(configuration)
            try beginTLS(context) { ssl throws(TransportError) in
                SSL_set_connect_state(ssl)
                if configuration.verifyPeer {
                    SSL_set_verify(ssl, SSL_VERIFY_PEER, nil)
                    let parameters = SSL_get0_param(ssl)
                    let bare = SocketAddress.stripBrackets(name)
                    let pinned = isIPLiteral
                        ? X509_VERIFY_PARAM_set1_ip_asc(parameters, bare)
                        : X509_VERIFY_PARAM_set1_host(parameters, bare, 0)
                    guard pinned == 1 else {
                        throw TransportError(step: .tls, code: .tlsHandshakeFailed, message: "cannot verify against name \(name)")
                    }
                } else {
                    SSL_set_verify(ssl, SSL_VERIFY_NONE, nil)
                }
                if !isIPLiteral {
                    _ = mailprobe_SSL_set_tlsext_host_name(ssl, name)
                }
            }
            let session = try await handshake(verifyPeer: configuration.verifyPeer, deadline: deadline, since: start)
            observer?.record(ConnectionEvent(instant: .now, connectionID: id, kind: .tlsHandshakeCompleted(session)))
            return session
        } catch {
            observer?.record(ConnectionEvent(instant: .now, connectionID: id, kind: .tlsHandshakeFailed(reason: error.message)))
            throw error
        }
    }

    /// Server-side TLS handshake (for test servers). The client is not asked for a certificate.
    @discardableResult
    public func acceptTLS(_ configuration: TLSServerConfiguration, deadline: ContinuousClock.Instant) async throws(TransportError) -> TLSSessionInfo {
        let start = ContinuousClock.now
        observer?.record(ConnectionEvent(instant: start, connectionID: id, kind: .tlsHandshakeStarted(serverName: nil)))
        do {
            let context = try TLSContext.server(configuration)
            try beginTLS(context) { ssl throws(TransportError) in SSL_set_accept_state(ssl) }
            let session = try await handshake(verifyPeer: false, deadline: deadline, since: start)
            observer?.record(ConnectionEvent(instant: .now, connectionID: id, kind: .tlsHandshakeCompleted(session)))
            return session
        } catch {
            observer?.record(ConnectionEvent(instant: .now, connectionID: id, kind: .tlsHandshakeFailed(reason: error.message)))
            throw error
        }
    }

    /// Creates the `SSL` object on this socket and stores it (freed by `close`).
    private func beginTLS(_ context: TLSContext, configure: (OpaquePointer) throws(TransportError) -> Void) throws(TransportError) {
        guard let ssl = SSL_new(context.pointer) else {
            throw TransportError(step: .tls, code: .tlsHandshakeFailed, message: "SSL_new: \(OpenSSLError.drain() ?? "failed")")
        }
        do throws(TransportError) {
            guard SSL_set_fd(ssl, fd) == 1 else {
                throw TransportError(step: .tls, code: .tlsHandshakeFailed, message: "SSL_set_fd: \(OpenSSLError.drain() ?? "failed")")
            }
            try configure(ssl)
        } catch {
            SSL_free(ssl)
            throw error
        }
        let failure: TransportError? = state.withLock { state in
            if state.closed { return .closedLocally(.tls) }
            if state.ssl != nil { return TransportError(step: .tls, code: .tlsHandshakeFailed, message: "TLS is already active on this connection") }
            state.ssl = SSLHandle(pointer: ssl)
            return nil
        }
        if let failure {
            SSL_free(ssl)
            throw failure
        }
    }

    private enum HandshakeStep {
        case done(TLSSessionInfo)
        case wait(EventLoop.Interest)
        case failed(TransportError)
    }

    /// Drives SSL_do_handshake to completion, waiting whenever OpenSSL wants the socket.
    private func handshake(verifyPeer: Bool, deadline: ContinuousClock.Instant, since start: ContinuousClock.Instant) async throws(TransportError) -> TLSSessionInfo {
        while true {
            let step: HandshakeStep = state.withLock { state in
                guard !state.closed, let ssl = state.ssl?.pointer else { return .failed(.closedLocally(.tls)) }
                ERR_clear_error()
                let result = SSL_do_handshake(ssl)
                if result == 1 {
                    let session = TLSSessionInfo(ssl: ssl, verified: verifyPeer)
                    state.tlsSession = session
                    return .done(session)
                }
                switch tlsFailure(ssl, result, step: .tls) {
                case .wouldBlock(let interest): return .wait(interest)
                case .transferred: return .wait(.read)
                case .failed(let error): return .failed(handshakeError(ssl, error, verifyPeer: verifyPeer))
                }
            }
            switch step {
            case .done(let session): return session
            case .wait(let interest): try await waitFor(interest, step: .tls, deadline: deadline, since: start)
            case .failed(let error): throw error
            }
        }
    }

    /// Says why a handshake failed: the verification result when there is one, else OpenSSL's reason.
    private func handshakeError(_ ssl: OpaquePointer, _ error: TransportError, verifyPeer: Bool) -> TransportError {
        let verifyResult = SSL_get_verify_result(ssl)
        if verifyPeer && verifyResult != Int(X509_V_OK) {
            let reason = X509_verify_cert_error_string(verifyResult).map { String(cString: $0) } ?? "error \(verifyResult)"
            return TransportError(step: .tls, code: .certificateVerificationFailed, message: "certificate verify failed: \(reason)")
        }
        let message = error.code == .connectionClosed ? "peer closed the connection during the handshake" : error.message
        return TransportError(step: .tls, code: error.code == .timedOut ? .timedOut : .tlsHandshakeFailed, message: message)
    }
}
