/// How a mail connection (SMTP or IMAP) is protected, and so when credentials may be sent.
///
///     plain              C: AUTH PLAIN …        (in clear text, because the caller said so)
///     startTLSIfOffered  C: STARTTLS when offered; no credentials without TLS
///     startTLS           C: STARTTLS, or fail before any credential (RFC 3207, RFC 9051 §11.1)
///     implicitTLS        TLS from the first byte (RFC 8314: ports 465 and 993)
///
/// The client configurations and the protocol state machines share it, so the
/// rules read the same for both protocols: never a silent downgrade, and no
/// credentials in clear text unless ``plain`` was chosen explicitly.
public enum MailSecurity: Sendable, Hashable {
    /// Clear text, by the caller's explicit choice; credentials may then go in the clear.
    case plain
    /// STARTTLS when the server offers it; without TLS no credentials are sent.
    case startTLSIfOffered
    /// STARTTLS, or fail: never a silent downgrade. For IMAP a PREAUTH greeting
    /// (no chance to start TLS) is an error too.
    case startTLS
    /// TLS set up by the transport before the greeting.
    case implicitTLS
}
