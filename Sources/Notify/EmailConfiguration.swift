import SMTPClient

/// Plain-text e-mail through MailProbe's own SMTP client.
public struct EmailConfiguration: Sendable {
    /// Host, port, security, authentication and timeouts of the submission server.
    public var smtp: SMTPClientConfiguration
    /// The envelope sender and `From:` address.
    public var from: String
    /// The recipients (envelope and `To:`).
    public var to: [String]

    public init(smtp: SMTPClientConfiguration, from: String, to: [String]) {
        self.smtp = smtp
        self.from = from
        self.to = to
    }
}
