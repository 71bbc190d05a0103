import MailCore

extension SMTPStateMachine {
    /// Many messages over one session, each with its own transaction and outcome.
    ///
    /// With PIPELINING the next message's MAIL, RCPT and DATA ride in the same
    /// write as the current message's payload (RFC 2920 §3.1: content may open a
    /// group, DATA must close it), so each message costs one round trip:
    ///
    ///     C: MAIL FROM:<a@x.test> / RCPT TO:<b@x.test> / DATA             message 0
    ///     S: 250 / 250 / 354
    ///     C: [message 0] . / MAIL FROM:<a@x.test> / RCPT TO:<b@x.test> / DATA
    ///     S: 250 queued (message 0) / 250 / 250 / 354 (message 1)
    ///     C: [message 1] .
    ///     S: 250 queued (message 1)
    ///
    /// At most two transactions are in flight: the one whose payload went out and
    /// the next one's envelope. Replies go to the oldest. A rejected message ends
    /// its own transaction only (RSET, when one is open, is pipelined in front of
    /// the next envelope); the batch goes on. Without PIPELINING the messages go
    /// one after another, step by step.
    struct Batch: Sendable {
        struct InFlight: Sendable {
            var index: Int
            var transaction: Transaction
        }

        let messages: [SMTPBatchMessage]
        let pipelined: Bool
        /// The first message not started yet.
        var next = 0
        var inFlight: [InFlight] = []
    }

    /// Sends every message of `messages`, each in its own mail transaction.
    ///
    /// Every message gets exactly one ``Action/messageFinished(index:result:then:)``
    /// (in order, except that a message refused before sending is reported as soon as
    /// its turn comes, possibly before the previous one's outcome), unless the session fails (``Action/fail(_:)``): the messages without
    /// an outcome by then were not delivered, except that the outcome of one whose
    /// payload went out is unknown. ``Action/batchCompleted`` ends the batch with the
    /// session ready. Writes are ``Action/sendGroup(_:)``, every part tagged with its message.
    public mutating func startBatch(_ messages: [SMTPBatchMessage]) -> Action {
        guard case .ready = state else {
            return .commandFailed(SMTPError(.invalidRequest, phase: .mailFrom,
                                            message: "a batch can only start when the session is ready"))
        }
        let capabilities = self.capabilities ?? SMTPCapabilities.none
        var batch = Batch(messages: messages, pipelined: configuration.usesPipelining && capabilities.pipelining)
        return advance(&batch, content: nil, leading: [])
    }

    /// A reply during a batch: it belongs to the oldest transaction in flight.
    mutating func batchReply(_ reply: SMTPReply, batch: inout Batch) -> Action {
        guard !batch.inFlight.isEmpty else {
            state = .closed
            return .fail(SMTPError(.protocolViolation, phase: .mailFrom, reply: reply,
                                   message: "unexpected reply when none was expected"))
        }
        let index = batch.inFlight[0].index
        switch batch.inFlight[0].transaction.replyReceived(reply) {
        case .readReply:
            state = .batch(batch)
            return .readReply
        case .send(let commands):
            return advance(&batch, content: nil,
                           leading: commands.map { SMTPPipelinedGroup.Command(message: index, command: $0) })
        case .sendData(let payload):
            return advance(&batch, content: SMTPPipelinedGroup.Content(message: index, payload: payload), leading: [])
        case .completed(let outcome):
            batch.inFlight.removeFirst()
            return .messageFinished(index: index, result: .success(outcome), then: afterMessage(&batch))
        case .failed(let error):
            batch.inFlight.removeFirst()
            return .messageFinished(index: index, result: .failure(error), then: afterMessage(&batch))
        case .abort(let error):
            state = .closed
            return .fail(error)
        }
    }

    /// After a message's outcome: read the next envelope's replies if it is already out, else start it.
    private mutating func afterMessage(_ batch: inout Batch) -> Action {
        if !batch.inFlight.isEmpty {
            state = .batch(batch)
            return .readReply
        }
        return advance(&batch, content: nil, leading: [])
    }

    /// Writes `content` and `leading` (RSET or the next step-by-step command of the
    /// oldest transaction) and, when pipelining allows, the next message's envelope
    /// behind them. Messages refused before sending (no recipients, too large, an
    /// invalid address) get their outcome at once and are skipped.
    private mutating func advance(_ batch: inout Batch, content: SMTPPipelinedGroup.Content?,
                                  leading: [SMTPPipelinedGroup.Command]) -> Action {
        var commands = leading
        var skipped: [(index: Int, error: SMTPError)] = []
        let mayStartNext = batch.pipelined ? batch.inFlight.count < 2 : batch.inFlight.isEmpty
        while mayStartNext, batch.next < batch.messages.count {
            let index = batch.next
            batch.next += 1
            let item = batch.messages[index]
            let payload = SMTPDataEncoder.encode(item.message)
            switch makeTransaction(item.envelope, payload: payload, messageSize: item.message.count) {
            case .success(let (transaction, opening)):
                batch.inFlight.append(Batch.InFlight(index: index, transaction: transaction))
                commands.reserveCapacity(commands.count + opening.count)
                for command in opening {
                    commands.append(SMTPPipelinedGroup.Command(message: index, command: command))
                }
            case .failure(let error):
                skipped.append((index, error))
                continue
            }
            break
        }
        var action: Action
        if content != nil || !commands.isEmpty {
            state = .batch(batch)
            action = .sendGroup(SMTPPipelinedGroup(content: content, commands: commands))
        } else if !batch.inFlight.isEmpty {
            state = .batch(batch)
            action = .readReply
        } else {
            state = .ready
            action = .batchCompleted
        }
        for skip in skipped.reversed() {
            action = .messageFinished(index: skip.index, result: .failure(skip.error), then: action)
        }
        return action
    }
}
