public import MailCore

/// Why an SMTP operation failed: the phase, the command, and the server's reply.
///
/// The description names the phase and quotes the reply, e.g.
/// `rcpt_to: recipient <nobody@example.test> rejected: 550 5.1.1 <nobody@example.test>: Recipient address rejected: User unknown`.
/// Credentials never appear: commands are kept in their redacted form.
public struct SMTPError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is: the codes SMTP and IMAP share, plus ``MailErrorCode/rejected`` and
    /// ``MailErrorCode/messageTooLarge``.
    public typealias Code = MailErrorCode

    public var code: Code
    public var phase: SMTPPhase
    /// The command in flight, redacted (`AUTH PLAIN ****`).
    public var command: String?
    /// The server's reply, when one caused or accompanied the failure.
    public var reply: SMTPReply?
    /// Human explanation, without the reply (which `description` appends).
    public var message: String
    /// The lower-level cause (a transport or parse error), if any.
    public var underlying: (any Error & Sendable)?

    public init(
        _ code: Code,
        phase: SMTPPhase,
        command: String? = nil,
        reply: SMTPReply? = nil,
        message: String,
        underlying: (any Error & Sendable)? = nil
    ) {
        self.code = code
        self.phase = phase
        self.command = command
        self.reply = reply
        self.message = message
        self.underlying = underlying
    }

    /// True when the server said the failure is temporary (a 4xx reply).
    public var isTransient: Bool { reply?.kind == .transientNegative }

    /// True when the server said the failure is permanent (a 5xx reply).
    public var isPermanent: Bool { reply?.kind == .permanentNegative }

    /// The message and the server's reply, without the phase.
    public var detail: String {
        guard let reply else { return message }
        return "\(message): server replied \(reply)"
    }

    public var description: String { "\(phase): \(detail)" }
}

extension MailErrorCode {
    /// The SMTP server answered with a 4xx or 5xx reply.
    public static let rejected = MailErrorCode("rejected")
    /// The message is larger than the SMTP server's advertised SIZE.
    public static let messageTooLarge = MailErrorCode("message_too_large")
}
