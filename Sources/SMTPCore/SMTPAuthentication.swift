import MailCore

/// Credentials for SMTP AUTH (RFC 4954).
public typealias SMTPAuthentication = MailAuthentication
