import IMAPCore
import MailCore
import MailTransport

extension IMAPConnection {
    /// A command's bytes: the first segment goes out at once, each further one
    /// after a `+` continuation (synchronising literals, RFC 9051 §4.3).
    struct Encoded {
        var segments: [[UInt8]]
        /// For the trace: credentials masked, literals summarised.
        var redacted: String
    }

    /// Runs one command to its tagged completion.
    ///
    /// `respond` answers `+` challenges (SASL) once every segment is out; a
    /// `nil` answer ends the exchange.
    func execute(
        _ kind: IMAPCommandKind,
        encode: (String) throws(IMAPError) -> Encoded,
        respond: ((IMAPContinuationRequest) throws(IMAPError) -> (bytes: [UInt8], redacted: String))? = nil
    ) async throws(IMAPError) -> IMAPStateMachine.Completion {
        let tag = try await begin(kind, encode: encode)
        if let respond {
            while let request = await nextContinuation(for: tag) {
                let answer: (bytes: [UInt8], redacted: String)
                do {
                    answer = try respond(request)
                } catch {
                    releaseWriteLock()
                    finish(with: error)
                    throw error
                }
                try await writeChecked(answer.bytes + [0x0D, 0x0A], redacted: answer.redacted, phase: kind.phase)
            }
        }
        releaseWriteLock()
        return try await completion(of: tag)
    }

    /// Takes the write lock, submits, writes every segment; the lock stays held.
    ///
    /// - Parameter streaming: for a FETCH whose large literals go to a sink: the threshold and the sink.
    func begin(
        _ kind: IMAPCommandKind,
        streaming: (threshold: Int, sink: @Sendable (IMAPLiteralChunk) async throws -> Void)? = nil,
        encode: (String) throws(IMAPError) -> Encoded
    ) async throws(IMAPError) -> String {
        if let terminalError { throw terminalError }
        await acquireWriteLock()
        if let terminalError {
            releaseWriteLock()
            throw terminalError
        }
        let tag: String
        let encoded: Encoded
        do throws(IMAPError) {
            if kind == .fetch { try checkFetchConflict(streaming: streaming != nil) }
            tag = try machine.submit(kind)
        } catch {
            releaseWriteLock()
            throw error
        }
        do throws(IMAPError) {
            encoded = try encode(tag)
        } catch {
            machine.abandon(tag: tag)
            releaseWriteLock()
            throw error
        }
        waiters[tag] = Waiter(kind: kind, redacted: encoded.redacted, sentAt: .now)
        if let streaming {
            literalStream = LiteralStream(tag: tag, threshold: streaming.threshold, sink: streaming.sink)
        }
        for (index, segment) in encoded.segments.enumerated() {
            if index > 0 {
                guard await nextContinuation(for: tag) != nil else { break }
            }
            let sent: ContinuousClock.Instant
            do {
                sent = try await writeChecked(segment, redacted: index == 0 ? encoded.redacted : nil, phase: kind.phase)
            } catch {
                releaseWriteLock()
                throw error
            }
            if index == 0 {
                waiters[tag]?.sentAt = sent
                waiters[tag]?.written = true
                observe(.phaseStarted(kind.phase.rawValue), at: sent)
            }
        }
        return tag
    }

    /// Waits for the tagged completion of `tag`, bounded by the command timeout.
    func completion(of tag: String, timeout: Duration? = nil) async throws(IMAPError) -> IMAPStateMachine.Completion {
        if let early = completedEarly.removeValue(forKey: tag) { return early }
        if let terminalError, waiters[tag] == nil { throw terminalError }
        let limit = timeout ?? configuration.timeouts.command
        let phase = waiters[tag]?.kind.phase ?? .noop
        do {
            return try await withCheckedThrowingContinuation { continuation in
                guard waiters[tag] != nil else {
                    continuation.resume(throwing: terminalError
                        ?? IMAPError(.protocolViolation, phase: phase, message: "no command \(tag) in flight"))
                    return
                }
                waiters[tag]?.continuation = continuation
                armTimeout(tag, in: limit, limit: limit)
            }
        } catch let error as IMAPError {
            throw error
        } catch {
            throw IMAPError(.cancelled, phase: phase, message: "\(error)")
        }
    }

    private func timedOut(_ tag: String, after limit: Duration) {
        guard let waiter = waiters[tag] else { return }
        if literalStream?.tag == tag, literalStream?.sinkBusy == true {
            // The caller's sink is running, not the server: count again once it returns.
            return armTimeout(tag, in: limit, limit: limit)
        }
        if let progress = waiter.progressAt, case let remaining = progress + limit - .now, remaining > .zero {
            // A streamed literal is still arriving: wait from its last piece.
            return armTimeout(tag, in: remaining, limit: limit)
        }
        finish(with: IMAPError(.timedOut, phase: waiter.kind.phase, command: waiter.redacted,
                               message: waiter.progressAt == nil ? "no reply within \(limit.secondsText)"
                                                                 : "no progress within \(limit.secondsText)"))
    }

    /// Fails the session if `tag` is still waiting `delay` from now (see ``timedOut(_:after:)``).
    private func armTimeout(_ tag: String, in delay: Duration, limit: Duration) {
        waiters[tag]?.timeoutTask = Task { [weak self] in
            try? await Task.sleep(for: delay)
            guard !Task.isCancelled else { return }
            await self?.timedOut(tag, after: limit)
        }
    }

    /// The next `+` for `tag`, or nil once the command completed (or the session ended).
    func nextContinuation(for tag: String) async -> IMAPContinuationRequest? {
        if !pendingContinuations.isEmpty { return pendingContinuations.removeFirst() }
        guard waiters[tag] != nil, terminalError == nil else { return nil }
        return await withCheckedContinuation { continuation in
            continuationWaiter = (tag, continuation)
        }
    }

    // MARK: - Writing

    @discardableResult
    func writeChecked(_ bytes: [UInt8], redacted: String?, phase: IMAPPhase) async throws(IMAPError) -> ContinuousClock.Instant {
        guard let transport else {
            throw terminalError ?? IMAPError(.connectionClosed, phase: phase, message: "not connected")
        }
        do {
            let sent = try await transport.write(bytes, deadline: .now + configuration.timeouts.command)
            if let redacted { recordSent(redacted, at: sent) }
            return sent
        } catch {
            let failure = IMAPError(error.imapCode, phase: phase, message: "sending failed: \(error.message)", underlying: error)
            finish(with: failure)
            throw failure
        }
    }

    func acquireWriteLock() async {
        if !writeLocked {
            writeLocked = true
            return
        }
        await withCheckedContinuation { writeQueue.append($0) }
    }

    func releaseWriteLock() {
        if writeQueue.isEmpty {
            writeLocked = false
        } else {
            writeQueue.removeFirst().resume()
        }
    }

    /// Turns a negative completion into an error naming the phase and quoting the reply.
    func requireOK(_ completion: IMAPStateMachine.Completion, _ message: String,
                   command: String? = nil, code: IMAPError.Code? = nil) throws(IMAPError) {
        guard !completion.isOK else { return }
        throw IMAPError(code ?? (completion.response.status == .bad ? .bad : .no), phase: completion.command.phase,
                        command: command.map { "\(completion.tag) \($0)" }, response: completion.response, message: message)
    }
}

extension Duration {
    var secondsText: String {
        let ms = milliseconds
        return ms.truncatingRemainder(dividingBy: 1000) == 0 ? "\(Int(ms / 1000)) s" : "\(ms / 1000) s"
    }
}
