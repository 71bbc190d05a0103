import ArgumentParser
import MailCore
import MailTransport

/// `--server`, the TLS mode and certificate checks: shared by every protocol command.
struct EndpointOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Server as HOST[:PORT]; IPv6 as [ADDR]:PORT.", valueName: "host[:port]"))
    var server: String

    @Flag(name: .customLong("tls"), help: "Implicit TLS from the first byte (SMTPS, IMAPS).")
    var implicitTLS = false

    @Flag(name: .customLong("starttls"), help: "Require STARTTLS; fail if the server does not offer it.")
    var startTLS = false

    @Flag(name: .customLong("plain"), help: "No TLS at all, by explicit choice: credentials may go in the clear.")
    var plain = false

    @Option(name: .customLong("ca-file"), help: ArgumentHelp("Verify the server against this CA bundle instead of the system store.", valueName: "file"))
    var caFile: String?

    @Flag(name: .long, help: "Do not verify the server's certificate (self-signed test servers only).")
    var insecure = false

    @Option(name: .long, help: ArgumentHelp("Limit for every network step, in seconds.", valueName: "seconds"))
    var timeout: Double = 30

    var security: MailSecurity { MailSecurity(implicitTLS: implicitTLS, startTLS: startTLS, plain: plain) }

    func validate() throws {
        if [implicitTLS, startTLS, plain].filter({ $0 }).count > 1 {
            throw ValidationError("choose at most one of --tls, --starttls and --plain")
        }
        if plain, caFile != nil || insecure {
            throw ValidationError("--ca-file and --insecure need TLS; they make no sense with --plain")
        }
        guard timeout > 0, timeout <= 86_400 else {
            throw ValidationError("--timeout must be between 0 and 86400 seconds")
        }
        _ = try hostAndPort(defaultPort: 1)
        if let caFile, !PlainText.isReadableFile(caFile) {
            throw ValidationError("cannot read --ca-file \(caFile)")
        }
    }

    var tlsConfiguration: TLSConfiguration {
        TLSConfiguration(caFile: caFile, verifyPeer: !insecure)
    }

    var timeoutDuration: Duration { .milliseconds(Int64(timeout * 1000)) }

    /// Splits `--server`: `host`, `host:port`, `[v6]`, `[v6]:port`, or a bare IPv6 address.
    func hostAndPort(defaultPort: UInt16) throws -> (host: String, port: UInt16) {
        var text = Substring(server)
        var port = defaultPort
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else {
                throw ValidationError("--server \(server): missing ']' after the IPv6 address")
            }
            let host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":"), let value = UInt16(rest.dropFirst()), value > 0 else {
                    throw ValidationError("--server \(server): the port must be a number from 1 to 65535")
                }
                port = value
            }
            return (String(host), port)
        }
        let colons = text.filter { $0 == ":" }.count
        if colons == 1, let colon = text.firstIndex(of: ":") {
            guard let value = UInt16(text[text.index(after: colon)...]), value > 0 else {
                throw ValidationError("--server \(server): the port must be a number from 1 to 65535")
            }
            port = value
            text = text[..<colon]
        }
        guard !text.isEmpty else { throw ValidationError("--server needs a host name or address") }
        return (String(text), port)
    }
}

/// Reads a secret from an environment variable or a file: never from the command line.
enum SecretSource {
    static func fromEnvironment(_ name: String, what: String) throws -> String {
        guard let value = PlainText.environment(name), !value.isEmpty else {
            throw ValidationError("\(what): environment variable \(name) is not set or empty")
        }
        return value
    }

    static func fromFile(_ path: String, what: String) throws -> String {
        guard let data = PlainText.readFile(path) else {
            throw ValidationError("\(what): cannot read \(path)")
        }
        var text = String(decoding: data, as: UTF8.self)
        while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
        guard !text.isEmpty else { throw ValidationError("\(what): \(path) is empty") }
        return text
    }
}

/// `--password-env`, `--password-file`, `--oauth2-token-file`: where a command's secret comes from.
struct SecretOptions: ParsableArguments {
    @Option(name: .customLong("password-env"), help: ArgumentHelp("Read the password from this environment variable.", valueName: "var"))
    var passwordEnv: String?

    @Option(name: .customLong("password-file"), help: ArgumentHelp("Read the password from this file.", valueName: "file"))
    var passwordFile: String?

    @Option(name: .customLong("oauth2-token-file"), help: ArgumentHelp("Read an OAuth 2.0 access token from this file (XOAUTH2 / OAUTHBEARER).", valueName: "file"))
    var oauth2TokenFile: String?

    /// How many sources were given (exactly one is needed to log in).
    var count: Int { [passwordEnv, passwordFile, oauth2TokenFile].compactMap { $0 }.count }

    /// The secret, read now; nil when no source was given.
    func resolve() throws -> MailAuthentication.Secret? {
        try SecretSource.secret(passwordEnv: passwordEnv, passwordFile: passwordFile, oauth2TokenFile: oauth2TokenFile,
                                flagPrefix: "--")
    }
}

extension SecretSource {
    /// The secret from the one source given, read now; errors name the option as typed
    /// (`flagPrefix` `--` or `--smtp-`); nil when none was given.
    static func secret(passwordEnv: String?, passwordFile: String?, oauth2TokenFile: String?,
                       flagPrefix: String) throws -> MailAuthentication.Secret? {
        if let passwordEnv { return .password(try fromEnvironment(passwordEnv, what: "\(flagPrefix)password-env")) }
        if let passwordFile { return .password(try fromFile(passwordFile, what: "\(flagPrefix)password-file")) }
        if let oauth2TokenFile { return .oauth2Token(try fromFile(oauth2TokenFile, what: "\(flagPrefix)oauth2-token-file")) }
        return nil
    }
}

extension MailSecurity {
    /// From the `--tls` / `--starttls` / `--plain` flags (at most one set; none: STARTTLS when offered).
    init(implicitTLS: Bool, startTLS: Bool, plain: Bool) {
        self = implicitTLS ? .implicitTLS : startTLS ? .startTLS : plain ? .plain : .startTLSIfOffered
    }
}
