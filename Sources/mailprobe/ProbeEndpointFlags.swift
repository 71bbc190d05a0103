import ArgumentParser
import IMAPClient
import MailCore
import MailTransport
import SMTPClient

#if canImport(Glibc)
import Glibc
#endif

/// What `--smtp-*` or `--imap-*` flags say about one endpoint, protocol-neutral.
struct EndpointSpec {
    var server: String
    var security: MailSecurity
    var caFile: String?
    var insecure: Bool
    var user: String?
    var passwordEnv: String?
    var passwordFile: String?
    var oauth2TokenFile: String?
    var mechanism: String?

    func validate(_ prefix: String) throws {
        let secrets = [passwordEnv, passwordFile, oauth2TokenFile].compactMap { $0 }.count
        if user == nil, secrets > 0 { throw ValidationError("--\(prefix)-password-* and --\(prefix)-oauth2-token-file need --\(prefix)-user") }
        if user != nil, secrets != 1 {
            throw ValidationError("with --\(prefix)-user give exactly one of --\(prefix)-password-env, --\(prefix)-password-file, --\(prefix)-oauth2-token-file")
        }
        if let mechanism, mechanism.uppercased() != "LOGIN", SASLMechanismName(rawValue: mechanism.uppercased()) == nil {
            throw ValidationError("--\(prefix)-auth \(mechanism): supported are PLAIN, LOGIN, CRAM-MD5, XOAUTH2, OAUTHBEARER")
        }
    }

    func authentication(_ prefix: String) throws -> MailAuthentication? {
        // validate(_:) made sure a user comes with exactly one source.
        guard let user, let secret = try SecretSource.secret(passwordEnv: passwordEnv, passwordFile: passwordFile,
                                                             oauth2TokenFile: oauth2TokenFile, flagPrefix: "--\(prefix)-")
        else { return nil }
        return MailAuthentication(user: user, secret: secret,
                                  mechanism: mechanism.flatMap { SASLMechanismName(rawValue: $0.uppercased()) })
    }

    func hostAndPort(defaultPort: UInt16) throws -> (String, UInt16) {
        var options = try EndpointOptions.parse(["--server", server])
        options.timeout = 30
        return try options.hostAndPort(defaultPort: defaultPort)
    }

    var tls: TLSConfiguration { TLSConfiguration(caFile: caFile, verifyPeer: !insecure) }

    func smtpConfiguration(timeout: Duration, trace: Bool) throws -> SMTPClientConfiguration {
        let auth = try authentication("smtp")
        let (host, port) = try hostAndPort(defaultPort: SMTPClientConfiguration.defaultPort(security: security, authenticating: auth != nil))
        return SMTPClientConfiguration(host: host, port: port, security: security, tls: tls,
                                       clientHostname: LocalHost.name, authentication: auth,
                                       timeouts: .uniform(timeout), recordsTrace: trace)
    }

    func imapConfiguration(timeout: Duration, trace: Bool) throws -> IMAPClientConfiguration {
        let (host, port) = try hostAndPort(defaultPort: IMAPClientConfiguration.defaultPort(security: security))
        return IMAPClientConfiguration(host: host, port: port, security: security, tls: tls,
                                       authentication: try authentication("imap"),
                                       prefersLogin: mechanism?.uppercased() == "LOGIN",
                                       timeouts: .uniform(timeout), recordsTrace: trace)
    }
}

/// One endpoint's flags under a prefix (`--smtp-…`, `--imap-…`): ArgumentParser
/// cannot prefix an option group, so each protocol declares its own flags and
/// shares what is done with them.
protocol PrefixedEndpointFlags {
    static var prefix: String { get }
    var server: String? { get }
    var implicitTLS: Bool { get }
    var startTLS: Bool { get }
    var plain: Bool { get }
    var caFile: String? { get }
    var insecure: Bool { get }
    var user: String? { get }
    var passwordEnv: String? { get }
    var passwordFile: String? { get }
    var oauth2TokenFile: String? { get }
    var mechanism: String? { get }
}

extension PrefixedEndpointFlags {
    var spec: EndpointSpec {
        EndpointSpec(server: server ?? "", security: MailSecurity(implicitTLS: implicitTLS, startTLS: startTLS, plain: plain),
                     caFile: caFile, insecure: insecure, user: user, passwordEnv: passwordEnv, passwordFile: passwordFile,
                     oauth2TokenFile: oauth2TokenFile, mechanism: mechanism)
    }

    /// At most one TLS mode; with a server, coherent credentials (and a user, when `requiringUser`).
    func validateEndpoint(requiringUser: Bool) throws {
        let prefix = Self.prefix
        if [implicitTLS, startTLS, plain].filter({ $0 }).count > 1 {
            throw ValidationError("choose at most one of --\(prefix)-tls, --\(prefix)-starttls and --\(prefix)-plain")
        }
        guard server != nil else { return }
        if requiringUser, user == nil { throw ValidationError("--\(prefix)-server needs --\(prefix)-user") }
        try spec.validate(prefix)
    }
}

/// `--smtp-server`, `--smtp-starttls`, … for commands that talk to two services.
struct SMTPEndpointFlags: ParsableArguments, PrefixedEndpointFlags {
    @Option(name: .customLong("smtp-server"), help: ArgumentHelp("SMTP server as HOST[:PORT].", valueName: "host[:port]"))
    var server: String?
    @Flag(name: .customLong("smtp-tls"), help: "SMTP over implicit TLS (465).") var implicitTLS = false
    @Flag(name: .customLong("smtp-starttls"), help: "Require STARTTLS for SMTP.") var startTLS = false
    @Flag(name: .customLong("smtp-plain"), help: "SMTP in clear text, by explicit choice.") var plain = false
    @Option(name: .customLong("smtp-ca-file"), help: ArgumentHelp("CA bundle for the SMTP server.", valueName: "file")) var caFile: String?
    @Flag(name: .customLong("smtp-insecure"), help: "Do not verify the SMTP server's certificate.") var insecure = false
    @Option(name: .customLong("smtp-user"), help: "SMTP AUTH user.") var user: String?
    @Option(name: .customLong("smtp-password-env"), help: ArgumentHelp("SMTP password from this variable.", valueName: "var")) var passwordEnv: String?
    @Option(name: .customLong("smtp-password-file"), help: ArgumentHelp("SMTP password from this file.", valueName: "file")) var passwordFile: String?
    @Option(name: .customLong("smtp-oauth2-token-file"), help: ArgumentHelp("SMTP OAuth 2.0 token from this file.", valueName: "file")) var oauth2TokenFile: String?
    @Option(name: .customLong("smtp-auth"), help: ArgumentHelp("SMTP AUTH mechanism.", valueName: "mech")) var mechanism: String?

    static let prefix = "smtp"

    func validate() throws {
        try validateEndpoint(requiringUser: false)
    }
}

/// `--imap-server`, `--imap-starttls`, … for commands that talk to two services.
struct IMAPEndpointFlags: ParsableArguments, PrefixedEndpointFlags {
    @Option(name: .customLong("imap-server"), help: ArgumentHelp("IMAP server as HOST[:PORT].", valueName: "host[:port]"))
    var server: String?
    @Flag(name: .customLong("imap-tls"), help: "IMAP over implicit TLS (993).") var implicitTLS = false
    @Flag(name: .customLong("imap-starttls"), help: "Require STARTTLS for IMAP.") var startTLS = false
    @Flag(name: .customLong("imap-plain"), help: "IMAP in clear text, by explicit choice.") var plain = false
    @Option(name: .customLong("imap-ca-file"), help: ArgumentHelp("CA bundle for the IMAP server.", valueName: "file")) var caFile: String?
    @Flag(name: .customLong("imap-insecure"), help: "Do not verify the IMAP server's certificate.") var insecure = false
    @Option(name: .customLong("imap-user"), help: "IMAP user.") var user: String?
    @Option(name: .customLong("imap-password-env"), help: ArgumentHelp("IMAP password from this variable.", valueName: "var")) var passwordEnv: String?
    @Option(name: .customLong("imap-password-file"), help: ArgumentHelp("IMAP password from this file.", valueName: "file")) var passwordFile: String?
    @Option(name: .customLong("imap-oauth2-token-file"), help: ArgumentHelp("IMAP OAuth 2.0 token from this file.", valueName: "file")) var oauth2TokenFile: String?
    @Option(name: .customLong("imap-auth"), help: ArgumentHelp("LOGIN or a SASL mechanism.", valueName: "mech")) var mechanism: String?
    @Option(name: .customLong("imap-mailbox"), help: "Mailbox the probe message is delivered to.") var mailbox = "INBOX"
    @Option(name: .customLong("imap-junk"), help: "Junk folder to look in as well.") var junk: String?

    static let prefix = "imap"

    func validate() throws {
        try validateEndpoint(requiringUser: true)
    }
}

/// This machine's name for EHLO, without Foundation.
enum LocalHost {
    static var name: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "localhost" : name
    }
}
