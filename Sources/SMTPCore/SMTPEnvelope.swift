/// Who a message is from and to, as given to MAIL FROM and RCPT TO (RFC 5321 §3.3).
public struct SMTPEnvelope: Sendable, Hashable {
    /// The reverse-path; empty for a null sender (`MAIL FROM:<>`).
    public var sender: String
    public var recipients: [String]
    /// When false (the default) one rejected recipient fails the whole
    /// transaction; when true the message goes to the recipients that were
    /// accepted and the rejections are reported in the outcome.
    public var allowsPartialDelivery: Bool

    public init(sender: String, recipients: [String], allowsPartialDelivery: Bool = false) {
        self.sender = sender
        self.recipients = recipients
        self.allowsPartialDelivery = allowsPartialDelivery
    }
}

/// The server's answer to one RCPT TO.
public struct SMTPRecipientReply: Sendable, Hashable {
    public var recipient: String
    public var reply: SMTPReply

    public init(recipient: String, reply: SMTPReply) {
        self.recipient = recipient
        self.reply = reply
    }

    public var isAccepted: Bool { reply.kind == .positiveCompletion }
}

/// Every reply of one completed mail transaction.
public struct SMTPTransactionOutcome: Sendable, Hashable {
    public var mailFrom: SMTPReply
    public var recipients: [SMTPRecipientReply]
    /// The 354 to DATA.
    public var data: SMTPReply
    /// The reply to the final dot: the server has taken responsibility for the message.
    public var accepted: SMTPReply

    public var queueID: String? { accepted.queueID }
    public var rejectedRecipients: [SMTPRecipientReply] { recipients.filter { !$0.isAccepted } }
}
