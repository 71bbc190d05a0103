import MailCore

/// One SMTP or IMAP endpoint of an account, as configured.
///
///     smtp:
///       server: smtp.corp.example:587
///       tls: starttls
///       password: {env: CORP_SMTP_PW}
public struct EndpointConfig: Sendable, Hashable, CustomStringConvertible {
    /// How the connection is protected.
    public enum TLSMode: String, Sendable, Hashable, CaseIterable {
        /// TLS from the first byte (SMTPS 465, IMAPS 993).
        case tls
        /// STARTTLS, or fail.
        case starttls
        /// No TLS, by explicit choice.
        case plain
        /// STARTTLS when offered; without TLS no credentials are sent (the default).
        case opportunistic

        /// What the clients make of it.
        public var security: MailSecurity {
            switch self {
            case .tls: .implicitTLS
            case .starttls: .startTLS
            case .plain: .plain
            case .opportunistic: .startTLSIfOffered
            }
        }
    }

    public var host: String
    /// `nil`: the protocol's default for the TLS mode and credentials.
    public var port: UInt16?
    public var tlsMode: TLSMode
    /// PEM file of trusted CAs; `nil` is the system store.
    public var caFile: String?
    /// Accept any certificate (self-signed test servers only).
    public var insecure: Bool
    public var user: String
    /// `nil`: connect without logging in.
    public var credential: CredentialSource?
    /// The `password` or `oauth2_token` key, named when the secret cannot be had.
    public var credentialLocation: ConfigLocation?
    /// The SASL mechanism; `nil` picks the best the server offers.
    public var mechanism: SASLMechanismName?
    /// IMAP: the mailbox probe messages arrive in; `nil` for SMTP.
    public var mailbox: String?
    /// IMAP: the junk folder also searched ("delivered to junk" is an outcome).
    public var junk: String?

    public init(
        host: String, port: UInt16? = nil, tlsMode: TLSMode = .opportunistic, caFile: String? = nil, insecure: Bool = false,
        user: String, credential: CredentialSource? = nil, credentialLocation: ConfigLocation? = nil,
        mechanism: SASLMechanismName? = nil, mailbox: String? = nil, junk: String? = nil
    ) {
        self.host = host
        self.port = port
        self.tlsMode = tlsMode
        self.caFile = caFile
        self.insecure = insecure
        self.user = user
        self.credential = credential
        self.credentialLocation = credentialLocation
        self.mechanism = mechanism
        self.mailbox = mailbox
        self.junk = junk
    }

    /// The credentials, with the secret read now (a command is run again every time).
    /// Blocks for up to `timeout` when the secret comes from a command.
    public func authentication(
        timeout: Duration = CredentialSource.defaultCommandTimeout, environment: [String: String]? = nil
    ) throws(ConfigError) -> MailAuthentication? {
        guard let credential else { return nil }
        let location = credentialLocation ?? ConfigLocation(file: "", line: nil, keyPath: "")
        let secret = try credential.resolve(timeout: timeout, environment: environment, location: location)
        return MailAuthentication(user: user, secret: secret, mechanism: mechanism)
    }

    /// `smtp.corp.example:587 starttls user probe@corp.example password **** (env CORP_SMTP_PW)`
    public var description: String {
        var text = Self.server(host: host, port: port) + " " + tlsMode.rawValue
        if let caFile { text += " ca_file \(caFile)" }
        if insecure { text += " insecure" }
        text += " user \(user)"
        if let credential { text += " \(credential)" }
        if let mechanism { text += " auth \(mechanism.rawValue)" }
        if let mailbox { text += " mailbox \(mailbox)" }
        if let junk { text += " junk \(junk)" }
        return text
    }

    static func server(host: String, port: UInt16?) -> String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return port.map { "\(shownHost):\($0)" } ?? shownHost
    }

    /// Splits `HOST`, `HOST:PORT`, `[V6]`, `[V6]:PORT` or a bare IPv6 address; the error explains.
    static func parseServer(_ text: String) -> Result<(host: String, port: UInt16?), ServerSyntaxError> {
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return .failure(ServerSyntaxError("missing ']' after the IPv6 address")) }
            let host = String(text[text.index(after: text.startIndex)..<close])
            guard !host.isEmpty else { return .failure(ServerSyntaxError("empty IPv6 address")) }
            let rest = text[text.index(after: close)...]
            if rest.isEmpty { return .success((host, nil)) }
            guard rest.hasPrefix(":") else { return .failure(ServerSyntaxError("expected :PORT after ']'")) }
            return parsePort(rest.dropFirst()).map { (host, $0) }
        }
        guard !text.contains(where: { $0 == " " || $0 == "/" || $0 == "@" }) else {
            return .failure(ServerSyntaxError("expected HOST[:PORT]"))
        }
        let colons = text.filter { $0 == ":" }.count
        if colons == 1, let colon = text.firstIndex(of: ":") {
            let host = String(text[..<colon])
            guard !host.isEmpty else { return .failure(ServerSyntaxError("a host name or address is needed before ':'")) }
            return parsePort(text[text.index(after: colon)...]).map { (host, $0) }
        }
        // No colon: a name or IPv4 address; several: a bare IPv6 address.
        return .success((text, nil))
    }

    private static func parsePort(_ digits: Substring) -> Result<UInt16?, ServerSyntaxError> {
        guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(digits) else {
            return .failure(ServerSyntaxError("the port must be a number from 1 to 65535"))
        }
        guard (1...65_535).contains(value) else {
            return .failure(ServerSyntaxError("port \(value) is out of range 1–65535"))
        }
        return .success(UInt16(value))
    }

    struct ServerSyntaxError: Error {
        var message: String
        init(_ message: String) { self.message = message }
    }
}
