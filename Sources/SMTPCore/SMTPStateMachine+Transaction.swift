import MailCore

extension SMTPStateMachine {
    /// One mail transaction in flight (RFC 5321 §3.3), pipelined or step by step.
    ///
    /// Pipelined (RFC 2920 §3.1), every reply is still attributed to its command:
    ///
    ///     C: MAIL FROM:<alice@example.test>
    ///     C: RCPT TO:<bob@example.test>
    ///     C: DATA
    ///     S: 250 2.1.0 Ok
    ///     S: 250 2.1.5 Ok
    ///     S: 354 End data with <CR><LF>.<CR><LF>
    struct Transaction: Sendable {
        enum Stage: Sendable {
            case mailFrom
            case rcptTo
            case data
            case dataAccepted
            /// RSET in flight after a failure; the failure is reported once it is answered.
            /// (Boxed: an error is large and rare, and a transaction is copied on every reply.)
            indirect case resetting(SMTPError)

            var phase: SMTPPhase {
                switch self {
                case .mailFrom: .mailFrom
                case .rcptTo: .rcptTo
                case .data: .data
                case .dataAccepted: .dataAccepted
                case .resetting: .rset
                }
            }
        }

        var envelope: SMTPEnvelope
        var payload: [UInt8]
        var pipelined: Bool
        var stage: Stage = .mailFrom
        var mailReply: SMTPReply?
        var recipientReplies: [SMTPRecipientReply] = []
        var dataReply: SMTPReply?

        init(envelope: SMTPEnvelope, payload: [UInt8], pipelined: Bool) {
            self.envelope = envelope
            self.payload = payload
            self.pipelined = pipelined
        }

        /// The failure that ends the transaction before DATA, if any.
        var envelopeFailure: SMTPError? {
            if let mailReply, mailReply.kind != .positiveCompletion {
                return SMTPError(.rejected, phase: .mailFrom, command: "MAIL FROM:<\(envelope.sender)>",
                                 reply: mailReply, message: "sender <\(envelope.sender)> rejected")
            }
            let rejected = recipientReplies.filter { !$0.isAccepted }
            let accepted = recipientReplies.count - rejected.count
            if let first = rejected.first, !envelope.allowsPartialDelivery || accepted == 0 {
                let others = rejected.count > 1 ? " (and \(rejected.count - 1) more)" : ""
                return SMTPError(.rejected, phase: .rcptTo, command: "RCPT TO:<\(first.recipient)>",
                                 reply: first.reply, message: "recipient <\(first.recipient)> rejected\(others)")
            }
            return nil
        }
    }

    /// A reply during a single transaction (``startTransaction(_:payload:messageSize:)``).
    mutating func transactionReply(_ reply: SMTPReply, transaction: inout Transaction) -> Action {
        switch transaction.replyReceived(reply) {
        case .readReply:
            state = .transaction(transaction)
            return .readReply
        case .send(let commands):
            state = .transaction(transaction)
            return .send(commands)
        case .sendData(let payload):
            state = .transaction(transaction)
            return .sendData(payload)
        case .completed(let outcome):
            state = .ready
            return .transactionCompleted(outcome)
        case .failed(let error):
            state = .ready
            return .commandFailed(error)
        case .abort(let error):
            state = .closed
            return .fail(error)
        }
    }

    /// Checks a request and builds its transaction with the commands that open it:
    /// MAIL, every RCPT and DATA when pipelined, MAIL alone otherwise.
    func makeTransaction(_ envelope: SMTPEnvelope, payload: [UInt8], messageSize: Int)
        -> Result<(Transaction, [SMTPCommand]), SMTPError> {
        guard !envelope.recipients.isEmpty else {
            return .failure(SMTPError(.invalidRequest, phase: .rcptTo, message: "no recipients"))
        }
        let capabilities = self.capabilities ?? SMTPCapabilities.none
        if let limit = capabilities.size, limit > 0, messageSize > limit {
            return .failure(SMTPError(.messageTooLarge, phase: .mailFrom,
                                      message: "message of \(messageSize) bytes exceeds the server's SIZE \(limit)"))
        }
        var parameters: [String] = []
        if capabilities.size != nil { parameters.append("SIZE=\(messageSize)") }
        if capabilities.eightBitMIME, SMTPDataEncoder.containsEightBitBytes(payload) { parameters.append("BODY=8BITMIME") }

        var commands: [SMTPCommand] = []
        commands.reserveCapacity(envelope.recipients.count + 2)
        do {
            commands.append(try SMTPCommand(validating: .mailFrom(envelope.sender, parameters: parameters)))
            for recipient in envelope.recipients {
                commands.append(try SMTPCommand(validating: .rcptTo(recipient)))
            }
        } catch {
            return .failure(SMTPError(.invalidRequest, phase: .mailFrom, message: "\(error)"))
        }
        let pipelined = configuration.usesPipelining && capabilities.pipelining
        let transaction = Transaction(envelope: envelope, payload: payload, pipelined: pipelined)
        if pipelined {
            commands.append(.data)
            return .success((transaction, commands))
        }
        return .success((transaction, [commands[0]]))
    }
}

extension SMTPStateMachine.Transaction {
    /// What one reply does to a transaction; the caller turns it into an ``SMTPStateMachine/Action``.
    enum Step: Sendable {
        /// More pipelined replies belong to this transaction.
        case readReply
        /// The next command, step by step, or RSET after a failure.
        case send([SMTPCommand])
        /// 354: the payload goes next.
        case sendData([UInt8])
        /// The server took the message.
        case completed(SMTPTransactionOutcome)
        /// The transaction is over without delivery; no transaction is open any more.
        case failed(SMTPError)
        /// The session cannot continue.
        case abort(SMTPError)
    }

    mutating func replyReceived(_ reply: SMTPReply) -> Step {
        switch stage {
        case .mailFrom:
            mailReply = reply
            if pipelined {
                stage = .rcptTo
                return .readReply
            }
            if let failure = envelopeFailure {
                // No transaction was opened: nothing to reset.
                return .failed(failure)
            }
            stage = .rcptTo
            return .send([.rcptTo(envelope.recipients[0])])

        case .rcptTo:
            let index = recipientReplies.count
            recipientReplies.append(SMTPRecipientReply(recipient: envelope.recipients[index], reply: reply))
            let remaining = envelope.recipients.count - recipientReplies.count
            if pipelined {
                if remaining == 0 { stage = .data }
                return .readReply
            }
            if reply.kind != .positiveCompletion, !envelope.allowsPartialDelivery {
                return resetAfter(envelopeFailure!)
            }
            if remaining > 0 {
                return .send([.rcptTo(envelope.recipients[index + 1])])
            }
            if let failure = envelopeFailure {
                return resetAfter(failure)
            }
            stage = .data
            return .send([.data])

        case .data:
            dataReply = reply
            let isGoAhead = reply.code == 354
            if let failure = envelopeFailure {
                if isGoAhead {
                    // Pipelined DATA was accepted although the envelope failed. Sending
                    // the dot would deliver an empty message, so the only clean abort
                    // is to drop the connection (RFC 2920 §3.1).
                    var failure = failure
                    failure.message += "; the server still accepted DATA, so the session was dropped to abort it"
                    return .abort(failure)
                }
                if mailReply?.kind != .positiveCompletion {
                    return .failed(failure)
                }
                return resetAfter(failure)
            }
            guard isGoAhead else {
                let failure = SMTPError(reply.kind == .positiveCompletion ? .protocolViolation : .rejected,
                                        phase: .data, command: "DATA", reply: reply,
                                        message: reply.kind == .positiveCompletion ? "DATA answered without 354" : "DATA refused")
                return resetAfter(failure)
            }
            stage = .dataAccepted
            let data = payload
            payload = []
            return .sendData(data)

        case .dataAccepted:
            guard reply.kind == .positiveCompletion else {
                return .failed(SMTPError(.rejected, phase: .dataAccepted, command: "<end of data>", reply: reply,
                                         message: "message not accepted"))
            }
            return .completed(SMTPTransactionOutcome(
                mailFrom: mailReply!,
                recipients: recipientReplies,
                data: dataReply!,
                accepted: reply))

        case .resetting(let failure):
            guard reply.kind == .positiveCompletion else {
                return .abort(SMTPError(.rejected, phase: .rset, command: "RSET", reply: reply,
                                        message: "RSET refused after: \(failure)"))
            }
            return .failed(failure)
        }
    }

    private mutating func resetAfter(_ failure: SMTPError) -> Step {
        stage = .resetting(failure)
        return .send([.rset])
    }
}
