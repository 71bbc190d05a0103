import ArgumentParser
import IMAPClient
import IMAPCore
import MailCore
import MailTransport
import Probe

#if canImport(Glibc)
import Glibc
#endif

/// `mailprobe imap`: log in, select a mailbox, optionally wait in IDLE, timing every phase.
struct IMAPProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "imap",
        abstract: "Log in over IMAP, select a mailbox and time every protocol phase.",
        discussion: """
            Without --tls, --starttls or --plain, STARTTLS is used when offered and \
            credentials are never sent unless TLS is up. With --idle N it stays in IDLE \
            (or polls with NOOP where IDLE is not offered) for N seconds and prints each \
            notification with its time. Exit status: 0 on success, 2 when any phase failed. \
            --json prints the run record (docs/json-schema.md).
            """
    )

    @OptionGroup var endpoint: EndpointOptions

    @Option(help: "Log in as this user.")
    var user: String

    @OptionGroup var secret: SecretOptions

    @Option(name: .customLong("auth"), help: ArgumentHelp("LOGIN, or a SASL mechanism: PLAIN, XOAUTH2, OAUTHBEARER.", valueName: "mech"))
    var mechanism: String?

    @Option(help: "Mailbox to select.")
    var mailbox: String = "INBOX"

    @Option(help: ArgumentHelp("Stay in IDLE this many seconds and report each notification.", valueName: "seconds"))
    var idle: Double?

    @Flag(help: "Print the protocol transcript, credentials masked and literals summarised.")
    var trace = false

    @Flag(help: "Print one JSON object instead of the table.")
    var json = false

    func validate() throws {
        let secrets = secret.count
        guard secrets == 1 else {
            throw ValidationError("give exactly one of --password-env, --password-file, --oauth2-token-file")
        }
        if let mechanism, mechanism.uppercased() != "LOGIN", SASLMechanismName(rawValue: mechanism.uppercased()) == nil {
            throw ValidationError("--auth \(mechanism): supported are LOGIN, PLAIN, XOAUTH2, OAUTHBEARER")
        }
        if let idle, !(idle > 0 && idle <= 86_400) {
            throw ValidationError("--idle must be between 0 and 86400 seconds")
        }
    }

    /// The probe these flags describe: select `--mailbox`, with `--idle` watch it that long.
    func makeProbe(thresholds: ProbeThresholds = ProbeThresholds()) throws -> IMAPServiceProbe {
        IMAPServiceProbe(configuration: try clientConfiguration(), mailbox: mailbox, idleCheck: false,
                         watch: idle.map { .milliseconds(Int64($0 * 1000)) }, thresholds: thresholds)
    }

    func run() async throws {
        let record = try await makeProbe().run(probe: "imap", startedAtMs: ProbeExecution.systemWallClock())
        try ReportParts.finish(record, service: "imap", json: json, text: IMAPReport(record: record).text(withTrace: trace))
    }

    func clientConfiguration() throws -> IMAPClientConfiguration {
        let security = endpoint.security
        let (host, port) = try endpoint.hostAndPort(defaultPort: IMAPClientConfiguration.defaultPort(security: security))
        guard let secret = try secret.resolve() else {
            throw ValidationError("give exactly one of --password-env, --password-file, --oauth2-token-file")
        }
        let wantsLogin = mechanism?.uppercased() == "LOGIN"
        let sasl = wantsLogin ? nil : mechanism.flatMap { SASLMechanismName(rawValue: $0.uppercased()) }
        return IMAPClientConfiguration(
            host: host, port: port, security: security, tls: endpoint.tlsConfiguration,
            authentication: MailAuthentication(user: user, secret: secret, mechanism: sasl),
            prefersLogin: wantsLogin,
            timeouts: .uniform(endpoint.timeoutDuration), recordsTrace: trace)
    }
}

/// Writes to standard error without Foundation.
enum StandardError {
    static func write(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress! + offset, $0.count - offset) }
            if written <= 0 { return }
            offset += written
        }
    }
}
