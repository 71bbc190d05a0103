/// A timed step of an SMTP session, named as MailProbe reports it.
///
/// `dns`, `connect` and `tls` belong to the transport; the rest each cover one
/// command and its reply (`starttls` includes the TLS handshake that follows
/// the 220, `data_accepted` runs from the final dot to the server's reply).
public enum SMTPPhase: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case dns
    case connect
    case tls
    case greeting
    case ehlo
    case helo
    case starttls
    case auth
    case mailFrom = "mail_from"
    case rcptTo = "rcpt_to"
    case data
    case dataAccepted = "data_accepted"
    case rset
    case noop
    case quit

    public var description: String { rawValue }
}

extension SMTPCommand {
    /// The phase whose duration this command's reply ends.
    public var phase: SMTPPhase {
        switch self {
        case .ehlo: .ehlo
        case .helo: .helo
        case .startTLS: .starttls
        case .auth, .authResponse: .auth
        case .mailFrom: .mailFrom
        case .rcptTo: .rcptTo
        case .data: .data
        case .rset: .rset
        case .noop: .noop
        case .quit: .quit
        }
    }
}
