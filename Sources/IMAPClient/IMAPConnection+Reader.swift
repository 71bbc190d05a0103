import IMAPCore
import MailCore
import MailTransport

extension IMAPConnection {
    /// Reads and parses until the connection ends; owns the input buffer and
    /// runs the STARTTLS handshake itself, so no byte is read past the 220-like
    /// OK in clear text.
    func readLoop(_ transport: TCPConnection) async {
        var buffer = InputBuffer()
        var parser = IMAPResponseParser(options: configuration.parserOptions, expectingGreeting: true)
        let tracing = configuration.recordsTrace || configuration.observer != nil
        var readAt = ContinuousClock.now
        while !Task.isCancelled {
            let before = buffer.readableBytes
            let unparsed = tracing ? buffer.readableBytesView : []
            let event: IMAPResponseEvent?
            do {
                event = try parser.next(&buffer, streamingLiteralsFrom: literalStream?.threshold)
            } catch {
                finish(with: IMAPError(.protocolViolation, phase: currentPhase, message: "invalid response: \(error)",
                                       underlying: error))
                return
            }
            switch event {
            case .response(let response):
                if tracing { recordReceived(unparsed.prefix(before - buffer.readableBytes), at: readAt) }
                if let upgrade = handle(response, at: readAt) {
                    // STARTTLS was accepted: whatever followed the OK in clear text is discarded (RFC 9051 §11.1).
                    if !buffer.isEmpty {
                        note("discarded \(buffer.readableBytes) bytes received before the TLS handshake")
                        buffer.clear()
                    }
                    parser.reset(expectingGreeting: false)
                    guard await handshake(transport, phase: .starttls, completing: upgrade) else { return }
                }
                continue
            case .literalBegan(let literal):
                // The line(s) before the literal; its bytes are summarised, never traced.
                if tracing { recordReceived(unparsed.prefix(before - buffer.readableBytes), at: readAt) }
                literalBegan(literal)
                continue
            case .literalBytes(let bytes, _):
                await passOn(bytes)
                continue
            case nil:
                break
            }
            do {
                readAt = try await transport.read(into: &buffer, bufferLimit: configuration.parserOptions.maxLineLength
                                                  + Int(clamping: configuration.parserOptions.maxLiteralSize) + 4096,
                                                  deadline: .now + .seconds(366 * 86_400))
                lastReadAt = readAt
                markFirstByte(at: readAt)
            } catch {
                if terminalError == nil {
                    let closedByUs = error.code == .cancelled || machine.state == .closed
                    finish(with: closedByUs ? nil : IMAPError(error.imapCode, phase: currentPhase,
                                                              message: error.code == .connectionClosed
                                                                  ? "the server closed the connection" : error.message,
                                                              underlying: error))
                }
                return
            }
        }
    }

    /// The phase of the oldest command in flight (or the greeting).
    var currentPhase: IMAPPhase {
        waiters.values.min { $0.sentAt < $1.sentAt }?.kind.phase ?? (greeting == nil ? .greeting : .noop)
    }

    private func markFirstByte(at instant: ContinuousClock.Instant) {
        // Only a read that returned after the FETCH went out can carry its first byte.
        for (tag, waiter) in waiters where waiter.firstByteAt == nil && waiter.kind == .fetch
            && waiter.written && instant >= waiter.sentAt {
            waiters[tag]?.firstByteAt = instant
        }
    }

    /// Hands one response to the machine and acts on what it says. Returns the
    /// STARTTLS completion when a handshake must run before reading on.
    private func handle(_ response: IMAPResponse, at instant: ContinuousClock.Instant) -> IMAPStateMachine.Completion? {
        switch machine.responseReceived(response) {
        case .greeting(let status):
            greeting = status
            timings.append(IMAPPhaseTiming(phase: .greeting, started: greetingFrom, ended: instant))
            greetingWaiter?.resume()
            greetingWaiter = nil
        case .completed(let completion):
            if completion.command == .startTLS, completion.isOK {
                return completion
            }
            complete(completion, at: instant)
        case .continuation(let request):
            if let waiter = continuationWaiter {
                continuationWaiter = nil
                waiter.continuation.resume(returning: request)
            } else if !waiters.isEmpty {
                // For the command in flight, read before it started waiting (actor reentrancy).
                pendingContinuations.append(request)
            } else {
                // No command can be waiting for it: keeping it would send a later literal too early.
                note("ignored a continuation request no command asked for: + \(request.text)")
            }
        case .idleStarted:
            if let waiter = continuationWaiter {
                continuationWaiter = nil
                waiter.continuation.resume(returning: IMAPContinuationRequest(text: "idling"))
            } else {
                // The `+` came before enterIdle() started waiting for it (actor reentrancy).
                pendingContinuations.append(IMAPContinuationRequest(text: "idling"))
            }
        case .notification(let notification):
            notificationSink.yield(IMAPNotificationEvent(notification: notification, instant: instant))
        case .keepAlive, .none:
            break
        case .alert(let text):
            alerts.append(text)
        case .malformed(let error):
            malformedResponses.append(error)
            note("skipped a malformed response: \(error)")
        case .fail(let error):
            finish(with: error)
        }
        return nil
    }

    /// Resumes the command that `completion` ends and records its phase.
    func complete(_ completion: IMAPStateMachine.Completion, at instant: ContinuousClock.Instant) {
        guard let waiter = waiters.removeValue(forKey: completion.tag) else { return }
        waiter.timeoutTask?.cancel()
        endLiteralStream(for: completion.tag)
        if completion.command == .fetch, let first = waiter.firstByteAt {
            timings.append(IMAPPhaseTiming(phase: .fetchFirstByte, started: waiter.sentAt, ended: first))
        }
        if completion.command != .idle {
            timings.append(IMAPPhaseTiming(phase: completion.command.phase, started: waiter.sentAt, ended: instant))
        }
        observe(.phaseCompleted(completion.command.phase.rawValue, succeeded: completion.isOK), at: instant)
        if let pending = continuationWaiter, pending.tag == completion.tag {
            continuationWaiter = nil
            pending.continuation.resume(returning: nil)
        }
        if let continuation = waiter.continuation {
            continuation.resume(returning: completion)
        } else {
            // Answered before its sender started waiting (fast server, actor reentrancy).
            completedEarly[completion.tag] = completion
        }
    }

    private func handshake(_ transport: TCPConnection, phase: IMAPPhase,
                           completing completion: IMAPStateMachine.Completion) async -> Bool {
        do {
            let info = try await transport.startTLS(configuration.effectiveTLS,
                                                    deadline: .now + configuration.timeouts.tlsHandshake)
            tlsSession = info
            machine.tlsEstablished()
            note("TLS established: \(info.protocolVersion) \(info.cipher)")
            complete(completion, at: .now)
            return true
        } catch {
            finish(with: IMAPError(error.code == .timedOut ? .timedOut : .tlsFailed, phase: phase,
                                   message: "TLS handshake failed: \(error.message)", underlying: error))
            return false
        }
    }

    /// Ends the session: fails every waiter with `error` (or a plain "closed"), closes the socket.
    func finish(with error: IMAPError?) {
        if terminalError == nil {
            terminalError = error ?? IMAPError(.connectionClosed, phase: currentPhase, message: "the connection is closed")
        }
        let failure = terminalError!
        for (_, waiter) in waiters {
            waiter.timeoutTask?.cancel()
            waiter.continuation?.resume(throwing: failure)
        }
        waiters = [:]
        literalStream = nil
        greetingWaiter?.resume(throwing: failure)
        greetingWaiter = nil
        continuationWaiter?.continuation.resume(returning: nil)
        continuationWaiter = nil
        for queued in writeQueue { queued.resume() }
        writeQueue = []
        idleRefreshTask?.cancel()
        pollTask?.cancel()
        if let transport {
            transport.close()
            observe(.closed)
            self.transport = nil
        }
        readerTask?.cancel()
        notificationSink.finish()
    }
}

extension TransportError {
    var imapCode: IMAPError.Code {
        switch code {
        case .timedOut: .timedOut
        case .cancelled: .cancelled
        case .connectionClosed: .connectionClosed
        case .tlsHandshakeFailed, .certificateVerificationFailed: .tlsFailed
        case .bufferLimitExceeded: .protocolViolation
        case .resolutionFailed, .connectFailed, .io: .connectionFailed
        }
    }
}
