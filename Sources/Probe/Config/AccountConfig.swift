/// A mailbox the probes send from and read at: an address with its SMTP and IMAP endpoints.
///
///     accounts:
///       corp:
///         address: probe@corp.example
///         smtp: {server: smtp.corp.example:587, tls: starttls, password: {env: CORP_SMTP_PW}}
///         imap: {server: imap.corp.example:993, tls: tls, password: {env: CORP_IMAP_PW}}
public struct AccountConfig: Sendable, Hashable, CustomStringConvertible {
    /// The key under `accounts`, as routes name it (`corp->other`).
    public var name: String
    public var address: String
    public var smtp: EndpointConfig
    public var imap: EndpointConfig

    public init(name: String, address: String, smtp: EndpointConfig, imap: EndpointConfig) {
        self.name = name
        self.address = address
        self.smtp = smtp
        self.imap = imap
    }

    public var description: String { "\(name) <\(address)> smtp \(smtp); imap \(imap)" }
}
