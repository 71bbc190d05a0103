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
            case resetting(SMTPError)

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

    mutating func transactionReply(_ reply: SMTPReply, transaction: inout Transaction) -> Action {
        switch transaction.stage {
        case .mailFrom:
            transaction.mailReply = reply
            if transaction.pipelined {
                transaction.stage = .rcptTo
                state = .transaction(transaction)
                return .readReply
            }
            if let failure = transaction.envelopeFailure {
                // No transaction was opened: nothing to reset.
                state = .ready
                return .commandFailed(failure)
            }
            transaction.stage = .rcptTo
            state = .transaction(transaction)
            return .send([.rcptTo(transaction.envelope.recipients[0])])

        case .rcptTo:
            let index = transaction.recipientReplies.count
            transaction.recipientReplies.append(
                SMTPRecipientReply(recipient: transaction.envelope.recipients[index], reply: reply))
            let remaining = transaction.envelope.recipients.count - transaction.recipientReplies.count
            if transaction.pipelined {
                if remaining == 0 { transaction.stage = .data }
                state = .transaction(transaction)
                return .readReply
            }
            if reply.kind != .positiveCompletion, !transaction.envelope.allowsPartialDelivery {
                return resetAfter(transaction.envelopeFailure!, transaction: &transaction)
            }
            if remaining > 0 {
                state = .transaction(transaction)
                return .send([.rcptTo(transaction.envelope.recipients[index + 1])])
            }
            if let failure = transaction.envelopeFailure {
                return resetAfter(failure, transaction: &transaction)
            }
            transaction.stage = .data
            state = .transaction(transaction)
            return .send([.data])

        case .data:
            transaction.dataReply = reply
            let isGoAhead = reply.code == 354
            if let failure = transaction.envelopeFailure {
                if isGoAhead {
                    // Pipelined DATA was accepted although the envelope failed. Sending
                    // the dot would deliver an empty message, so the only clean abort
                    // is to drop the connection (RFC 2920 §3.1).
                    state = .closed
                    var failure = failure
                    failure.message += "; the server still accepted DATA, so the session was dropped to abort it"
                    return .fail(failure)
                }
                if transaction.mailReply?.kind != .positiveCompletion {
                    state = .ready
                    return .commandFailed(failure)
                }
                return resetAfter(failure, transaction: &transaction)
            }
            guard isGoAhead else {
                let failure = SMTPError(reply.kind == .positiveCompletion ? .protocolViolation : .rejected,
                                        phase: .data, command: "DATA", reply: reply,
                                        message: reply.kind == .positiveCompletion ? "DATA answered without 354" : "DATA refused")
                return resetAfter(failure, transaction: &transaction)
            }
            transaction.stage = .dataAccepted
            let payload = transaction.payload
            transaction.payload = []
            state = .transaction(transaction)
            return .sendData(payload)

        case .dataAccepted:
            state = .ready
            guard reply.kind == .positiveCompletion else {
                return .commandFailed(SMTPError(.rejected, phase: .dataAccepted, command: "<end of data>", reply: reply,
                                                message: "message not accepted"))
            }
            return .transactionCompleted(SMTPTransactionOutcome(
                mailFrom: transaction.mailReply!,
                recipients: transaction.recipientReplies,
                data: transaction.dataReply!,
                accepted: reply))

        case .resetting(let failure):
            guard reply.kind == .positiveCompletion else {
                state = .closed
                return .fail(SMTPError(.rejected, phase: .rset, command: "RSET", reply: reply,
                                       message: "RSET refused after: \(failure)"))
            }
            state = .ready
            return .commandFailed(failure)
        }
    }

    private mutating func resetAfter(_ failure: SMTPError, transaction: inout Transaction) -> Action {
        transaction.stage = .resetting(failure)
        state = .transaction(transaction)
        return .send([.rset])
    }
}
