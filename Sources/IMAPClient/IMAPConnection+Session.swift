import IMAPCore
import MailCore
import MailTransport

extension IMAPConnection {
    /// Connects, reads the greeting, learns the capabilities, upgrades with
    /// STARTTLS and logs in, as the configuration asks.
    public func connect() async throws(IMAPError) {
        guard transport == nil, terminalError == nil else {
            throw IMAPError(.invalidRequest, phase: .connect, message: "already connected")
        }
        startedAt = .now
        let connection: TCPConnection
        do {
            connection = try await TCPConnection.connect(host: configuration.host, port: configuration.port,
                                                         deadline: .now + configuration.timeouts.connect,
                                                         observer: configuration.observer)
        } catch {
            throw IMAPError(error.imapCode, phase: error.step == .dns ? .dns : .connect, message: error.message,
                            underlying: error)
        }
        transport = connection
        remoteAddress = connection.remoteAddress
        if let establishment = connection.establishment {
            timings.append(IMAPPhaseTiming(phase: .dns, started: establishment.dnsStarted, ended: establishment.dnsCompleted))
            timings.append(IMAPPhaseTiming(phase: .connect, started: establishment.connectStarted,
                                           ended: establishment.connectCompleted))
            note("connected to \(establishment.remoteAddress)")
            greetingFrom = establishment.connectCompleted
        }
        if configuration.security == .implicitTLS {
            let started = ContinuousClock.now
            do {
                tlsSession = try await connection.startTLS(configuration.effectiveTLS,
                                                           deadline: started + configuration.timeouts.tlsHandshake)
            } catch {
                let failure = IMAPError(error.code == .timedOut ? .timedOut : .tlsFailed, phase: .tls,
                                        message: "TLS handshake failed: \(error.message)", underlying: error)
                finish(with: failure)
                throw failure
            }
            greetingFrom = .now
            timings.append(IMAPPhaseTiming(phase: .tls, started: started, ended: greetingFrom))
        }
        machine.connected(tlsActive: configuration.security == .implicitTLS)
        readerTask = Task { await self.readLoop(connection) }
        try await awaitGreeting()
        do {
            try await establishSession()
        } catch {
            finish(with: error)
            throw error
        }
    }

    private func awaitGreeting() async throws(IMAPError) {
        let limit = configuration.timeouts.command
        let timeout = Task { [weak self] in
            try? await Task.sleep(for: limit)
            guard !Task.isCancelled else { return }
            await self?.finish(with: IMAPError(.timedOut, phase: .greeting, message: "no greeting within \(limit.secondsText)"))
        }
        defer { timeout.cancel() }
        do {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                if greeting != nil {
                    continuation.resume()
                } else if let terminalError {
                    continuation.resume(throwing: terminalError)
                } else {
                    greetingWaiter = continuation
                }
            }
        } catch let error as IMAPError {
            throw error
        } catch {
            throw IMAPError(.cancelled, phase: .greeting, message: "\(error)")
        }
    }

    private func establishSession() async throws(IMAPError) {
        if machine.capabilities == nil { try await capability() }
        if !machine.isTLSActive, machine.state == .notAuthenticated {
            switch (configuration.security, machine.has(.startTLS)) {
            case (.startTLS, true), (.startTLSIfOffered, true):
                try requireOK(try await run(.startTLS, .startTLS), "server refused STARTTLS", command: "STARTTLS",
                              code: .tlsFailed)
                try await capability()
            case (.startTLS, false):
                throw IMAPError(.tlsNotOffered, phase: .starttls,
                                message: "TLS is required but the server does not offer STARTTLS")
            default:
                break
            }
        }
        guard let authentication = configuration.authentication, machine.state == .notAuthenticated else { return }
        try await authenticate(authentication)
        if machine.capabilities == nil { try await capability() }
    }

    /// LOGIN or AUTHENTICATE, whichever fits the credentials and the server.
    private func authenticate(_ authentication: MailAuthentication) async throws(IMAPError) {
        let offered = Set(capabilities.compactMap(\.authenticationMechanism))
        let mechanism = authentication.preferredMechanisms.first { offered.contains($0.rawValue) }
        let isPassword = if case .password = authentication.secret { true } else { false }
        let useLogin = isPassword && authentication.mechanism == nil && !machine.has(.loginDisabled)
            && (configuration.prefersLogin || mechanism == nil)
        if useLogin, case .password(let password) = authentication.secret {
            let completion = try await run(.login(username: authentication.user, password: password), .login)
            try requireOK(completion, "authentication failed", command: "LOGIN \(authentication.user) ****",
                          code: completion.response.status == .no ? .authenticationFailed : nil)
            return
        }
        guard let mechanism else {
            let wanted = authentication.preferredMechanisms.map(\.rawValue).joined(separator: " ")
            throw IMAPError(.authenticationUnavailable, phase: .auth,
                            message: machine.has(.loginDisabled) && isPassword
                                ? "the server forbids LOGIN and offers none of \(wanted)"
                                : "no common mechanism: we support \(wanted), the server offers \(offered.sorted().joined(separator: " "))")
        }
        var sasl = SASLClient(mechanism: mechanism, credentials: authentication.credentials,
                              host: configuration.host, port: Int(configuration.port))
        let initial = sasl.initialResponse
        let encoder = IMAPCommandEncoder(options: .init(capabilities: capabilities))
        let completion = try await execute(.authenticate) { (tag: String) throws(IMAPError) -> Encoded in
            try Self.encode(.authenticate(mechanism: mechanism.rawValue, initialResponse: initial), tag: tag,
                            with: encoder, phase: .auth)
        } respond: { (request: IMAPContinuationRequest) throws(IMAPError) -> (bytes: [UInt8], redacted: String) in
            // The initial response went inline (SASL-IR) or as the encoder's second segment.
            guard let challenge = request.decodedChallenge ?? (request.text.isEmpty ? [] : nil) else {
                throw IMAPError(.protocolViolation, phase: .auth, message: "AUTHENTICATE challenge is not base64: \(request.text)")
            }
            do {
                let response = try sasl.respond(toChallenge: challenge)
                return (Array(Base64.encode(response).utf8), "****")
            } catch {
                throw IMAPError(.authenticationFailed, phase: .auth, message: "unexpected challenge: \(error)")
            }
        }
        var message = "authentication failed"
        if let detail = sasl.serverErrorDetail { message += " (\(detail))" }
        try requireOK(completion, message, command: "AUTHENTICATE \(mechanism.rawValue) ****",
                      code: completion.response.status == .no ? .authenticationFailed : nil)
    }
}
