import MailCore
import MailTransport
import SMTPCore

extension SMTPConnection {
    /// Where a run of the state machine ended.
    enum RunOutcome {
        case ready(SMTPCapabilities)
        case transaction(SMTPTransactionOutcome)
        case reply(SMTPReply)
        case batchCompleted
        case closed
    }

    /// Carries out machine actions until one hands control back to the caller.
    func run(_ first: SMTPStateMachine.Action) async throws(SMTPError) -> RunOutcome {
        var action = first
        while true {
            switch action {
            case .send(let commands):
                try await write(commands)
                action = try await receive()
            case .sendData(let payload):
                try await writeData(payload)
                action = try await receive()
            case .sendGroup(let group):
                try await write(group)
                action = try await receive()
            case .messageFinished(let index, let result, let then):
                finishMessage(index, result)
                action = then
            case .batchCompleted:
                return .batchCompleted
            case .readReply:
                action = try await receive()
            case .startTLS:
                try await handshake(phase: .starttls)
                action = machine.tlsEstablished()
            case .sessionReady(let capabilities):
                self.capabilities = capabilities
                return .ready(capabilities)
            case .transactionCompleted(let outcome):
                return .transaction(outcome)
            case .commandCompleted(let reply):
                return .reply(reply)
            case .commandFailed(let error):
                throw error
            case .fail(let error):
                close()
                throw error
            case .closed:
                close()
                return .closed
            }
        }
    }

    // MARK: - Writing

    func write(_ commands: [SMTPCommand]) async throws(SMTPError) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64 * commands.count)
        for command in commands {
            command.encode(into: &bytes)
        }
        let phase = commands.first?.phase ?? .quit
        let sent = try await writeBytes(bytes, phase: phase)
        for command in commands {
            sentCommand(command, message: nil, at: sent)
        }
    }

    func writeData(_ payload: [UInt8]) async throws(SMTPError) {
        let sent = try await writeBytes(payload, phase: .dataAccepted)
        sentData(payload.count, message: nil, at: sent)
    }

    /// One write of a batch: a payload and the commands pipelined behind it.
    func write(_ group: SMTPPipelinedGroup) async throws(SMTPError) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity((group.content?.payload.count ?? 0) + 64 * group.commands.count)
        group.encode(into: &bytes)
        let phase = group.content != nil ? .dataAccepted : group.commands.first?.command.phase ?? .mailFrom
        let sent = try await writeBytes(bytes, phase: phase)
        if let content = group.content {
            sentData(content.payload.count, message: content.message, at: sent)
        }
        for command in group.commands {
            sentCommand(command.command, message: command.message, at: sent)
        }
    }

    private func sentCommand(_ command: SMTPCommand, message: Int?, at sent: ContinuousClock.Instant) {
        awaited.append((command.phase, command, sent, message))
        if isTracing {
            record(.sent, command.redactedDescription, at: sent)
        }
        observe(.phaseStarted(command.phase.rawValue), at: sent)
    }

    private func sentData(_ count: Int, message: Int?, at sent: ContinuousClock.Instant) {
        awaited.append((.dataAccepted, nil, sent, message))
        if isTracing {
            record(.sent, "[message: \(count) bytes]", at: sent)
            record(.sent, ".", at: sent)
        }
        observe(.phaseStarted(SMTPPhase.dataAccepted.rawValue), at: sent)
    }

    private func writeBytes(_ bytes: [UInt8], phase: SMTPPhase) async throws(SMTPError) -> ContinuousClock.Instant {
        guard let transport else {
            throw SMTPError(.connectionClosed, phase: phase, message: "not connected")
        }
        do {
            return try await transport.write(bytes, deadline: .now + configuration.timeouts.reply)
        } catch {
            close()
            throw SMTPError(error.smtpCode, phase: phase, message: "sending failed: \(error.message)", underlying: error)
        }
    }

    // MARK: - Reading

    /// Reads until one complete reply is parsed, times its phase and feeds it to the machine.
    func receive() async throws(SMTPError) -> SMTPStateMachine.Action {
        guard let transport else {
            throw SMTPError(.connectionClosed, phase: awaited.first?.phase ?? .quit, message: "not connected")
        }
        let phase = awaited.first?.phase ?? .greeting
        let limit = phase == .dataAccepted ? configuration.timeouts.dataAccepted : configuration.timeouts.reply
        // Set at the first read: a reply already buffered needs no clock.
        var deadline: ContinuousClock.Instant?
        let tracing = isTracing
        while true {
            let before = buffer.readableBytes
            let unparsed = tracing ? buffer.readableBytesView : []
            let parsed: SMTPReply?
            do {
                parsed = try parser.parse(&buffer)
            } catch {
                close()
                throw SMTPError(.protocolViolation, phase: phase, command: awaited.first?.command?.redactedDescription,
                                message: "invalid reply: \(error)", underlying: error)
            }
            if let reply = parsed {
                return replied(reply, raw: unparsed.prefix(before - buffer.readableBytes))
            }
            let readDeadline = deadline ?? ContinuousClock.now + limit
            deadline = readDeadline
            do {
                lastReadInstant = try await transport.read(into: &buffer, bufferLimit: Self.bufferLimit,
                                                           deadline: readDeadline)
            } catch {
                close()
                let message: String
                switch error.code {
                case .timedOut: message = "no reply within \(limit.secondsText)"
                case .connectionClosed: message = "the server closed the connection"
                default: message = error.message
                }
                throw SMTPError(error.smtpCode, phase: phase, command: awaited.first?.command?.redactedDescription,
                                message: message, underlying: error)
            }
        }
    }

    /// No reply needs more buffered bytes than this; the parser's line limit stops a hostile server first.
    static var bufferLimit: Int { 1 << 20 }

    private func replied(_ reply: SMTPReply, raw: ArraySlice<UInt8>) -> SMTPStateMachine.Action {
        let at = lastReadInstant
        lastReply = reply
        for line in raw.isEmpty ? [] : raw.split(separator: UInt8(ascii: "\n")) {
            var line = line
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            record(.received, String(decoding: line, as: UTF8.self), at: at)
        }
        if let (phase, _, since, message) = awaited.popFirst() {
            if phase == .auth, timings.last?.phase == .auth {
                // One AUTH exchange spans several replies: one phase from AUTH to its outcome.
                timings[timings.count - 1].ended = at
            } else {
                let timing = SMTPPhaseTiming(phase: phase, started: since, ended: at)
                timings.append(timing)
                if let message {
                    batch?.timings[message].append(timing)
                }
            }
            observe(.phaseCompleted(phase.rawValue, succeeded: reply.kind != .transientNegative
                                        && reply.kind != .permanentNegative), at: at)
        }
        return machine.replyReceived(reply)
    }

    // MARK: - TLS

    /// Runs the TLS handshake: right after connect (implicit TLS) or after the 220 to STARTTLS.
    func handshake(phase: SMTPPhase) async throws(SMTPError) {
        guard let transport else {
            throw SMTPError(.connectionClosed, phase: phase, message: "not connected")
        }
        if !buffer.isEmpty {
            // RFC 3207 §5: anything the server sent before the handshake may be an
            // attacker's injection; it must never be read as a reply.
            note("discarded \(buffer.readableBytes) bytes received before the TLS handshake")
            buffer.clear()
        }
        let started = ContinuousClock.now
        // Made while TCP connected; waiting here (rarely needed) never blocks a thread.
        await tlsPreparation?.wait()
        do {
            let info = try await transport.startTLS(configuration.effectiveTLS,
                                                    deadline: started + configuration.timeouts.tlsHandshake)
            let ended = ContinuousClock.now
            tlsSession = info
            if phase == .starttls, let last = timings.last, last.phase == .starttls {
                timings[timings.count - 1].ended = ended
            } else {
                timings.append(SMTPPhaseTiming(phase: phase, started: started, ended: ended))
            }
            note("TLS established: \(info.protocolVersion) \(info.cipher)")
        } catch {
            close()
            let code: SMTPError.Code = error.code == .timedOut ? .timedOut : error.code == .cancelled ? .cancelled : .tlsFailed
            throw SMTPError(code, phase: phase, message: "TLS handshake failed: \(error.message)", underlying: error)
        }
    }

    // MARK: - Trace and events

    func note(_ text: String) {
        if configuration.recordsTrace {
            TraceEntry.add(SMTPTraceEntry(offset: startedAt.duration(to: .now), direction: .note, text: text), to: &trace)
        }
    }

    private func record(_ direction: SMTPTraceEntry.Direction, _ text: String, at instant: ContinuousClock.Instant) {
        if configuration.recordsTrace {
            TraceEntry.add(SMTPTraceEntry(offset: startedAt.duration(to: instant), direction: direction, text: text), to: &trace)
        }
        if direction == .sent {
            observe(.lineSent(text), at: instant)
        } else {
            observe(.lineReceived(text), at: instant)
        }
    }

    /// Whether sent and received lines are recorded (for the trace or the observer).
    var isTracing: Bool { configuration.recordsTrace || hasObserver }

    func observe(_ kind: @autoclosure () -> ConnectionEvent.Kind, at instant: ContinuousClock.Instant = .now) {
        guard hasObserver, let observer = configuration.observer, let transport else { return }
        observer.record(ConnectionEvent(instant: instant, connectionID: transport.id, kind: kind()))
    }
}

extension TransportError {
    var smtpCode: SMTPError.Code {
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

extension Duration {
    var secondsText: String {
        let ms = milliseconds
        return ms.truncatingRemainder(dividingBy: 1000) == 0 ? "\(Int(ms / 1000)) s" : "\(ms / 1000) s"
    }
}
