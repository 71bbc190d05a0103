public import MailCore

/// Why an IMAP operation failed: the phase, the command, and the server's reply.
///
/// The description names the phase and quotes the tagged reply, e.g.
/// `auth: authentication failed: server replied NO [AUTHENTICATIONFAILED] Authentication failed.`
/// Commands are kept in their redacted form: no password or SASL payload appears.
public struct IMAPError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is: the codes SMTP and IMAP share, plus ``MailErrorCode/no``,
    /// ``MailErrorCode/bad`` and ``MailErrorCode/bye``.
    public typealias Code = MailErrorCode

    public var code: Code
    public var phase: IMAPPhase
    /// The command in flight, redacted (`A0003 LOGIN alice ****`).
    public var command: String?
    /// The server's reply (tagged NO/BAD, or an untagged BYE), when there was one.
    public var response: IMAPStatusResponse?
    /// Human explanation, without the reply (which `description` appends).
    public var message: String
    /// The lower-level cause (a transport or parse error), if any.
    public var underlying: (any Error & Sendable)?

    public init(
        _ code: Code,
        phase: IMAPPhase,
        command: String? = nil,
        response: IMAPStatusResponse? = nil,
        message: String,
        underlying: (any Error & Sendable)? = nil
    ) {
        self.code = code
        self.phase = phase
        self.command = command
        self.response = response
        self.message = message
        self.underlying = underlying
    }

    /// The message and the server's reply, without the phase.
    public var detail: String {
        guard let response else { return message }
        return "\(message): server replied \(response)"
    }

    public var description: String { "\(phase): \(detail)" }
}

extension MailErrorCode {
    /// The IMAP server answered NO.
    public static let no = MailErrorCode("no")
    /// The IMAP server answered BAD: it did not understand the command.
    public static let bad = MailErrorCode("bad")
    /// The IMAP server said BYE, or refused the connection in its greeting.
    public static let bye = MailErrorCode("bye")
}
