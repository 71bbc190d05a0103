import ArgumentParser
import MailCore
import MailTransport
import Probe
import SMTPClient
import SMTPCore

/// `mailprobe smtp`: deep diagnosis of one SMTP service, phase by phase.
struct SMTPProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "smtp",
        abstract: "Send one message over SMTP and time every protocol phase.",
        discussion: """
            Without --tls, --starttls or --plain, STARTTLS is used when offered and \
            credentials are never sent unless TLS is up. Exit status: 0 when the \
            server accepted the message, 1 when it refused it for now (4xx), 2 when any \
            phase failed. --json prints the run record (docs/json-schema.md).
            """
    )

    @OptionGroup var endpoint: EndpointOptions

    @Option(help: "Log in as this user (SMTP AUTH).")
    var user: String?

    @OptionGroup var secret: SecretOptions

    @Option(name: .customLong("auth"), help: ArgumentHelp("AUTH mechanism: PLAIN, LOGIN, CRAM-MD5, XOAUTH2 or OAUTHBEARER.", valueName: "mech"))
    var mechanism: String?

    @Option(help: "Envelope sender and From: address.")
    var from: String

    @Option(help: "Recipient; repeat for several.")
    var to: [String]

    @Option(help: "Subject of the probe message.")
    var subject: String = "MailProbe SMTP check"

    @Option(name: .customLong("body-file"), help: ArgumentHelp("Send this file as the body (or, if it starts with headers, as the whole message).", valueName: "file"))
    var bodyFile: String?

    @Option(name: .customLong("helo"), help: "Name to announce in EHLO.")
    var helo: String = PlainText.hostName

    @Flag(help: "Print the protocol transcript, credentials masked.")
    var trace = false

    @Flag(help: "Print one JSON object instead of the table.")
    var json = false

    func validate() throws {
        guard !to.isEmpty else { throw ValidationError("give at least one --to") }
        let secrets = secret.count
        if user == nil, secrets > 0 { throw ValidationError("--password-env, --password-file and --oauth2-token-file need --user") }
        if user != nil, secrets != 1 {
            throw ValidationError("with --user give exactly one of --password-env, --password-file, --oauth2-token-file")
        }
        if let mechanism, SASLMechanismName(rawValue: mechanism.uppercased()) == nil {
            throw ValidationError("--auth \(mechanism): supported are PLAIN, LOGIN, CRAM-MD5, XOAUTH2, OAUTHBEARER")
        }
    }

    /// The probe these flags describe: one message from `--from` to every `--to`.
    func makeProbe(thresholds: ProbeThresholds = ProbeThresholds()) throws -> SMTPServiceProbe {
        SMTPServiceProbe(configuration: try clientConfiguration(), sender: from, recipients: to, send: true,
                         content: try composeMessage(), thresholds: thresholds)
    }

    func run() async throws {
        let record = try await makeProbe().run(probe: "smtp", startedAtMs: ProbeExecution.systemWallClock())
        try ReportParts.finish(record, service: "smtp", json: json, text: SMTPReport(record: record).text(withTrace: trace))
    }

    func clientConfiguration() throws -> SMTPClientConfiguration {
        let security = endpoint.security
        let (host, port) = try endpoint.hostAndPort(
            defaultPort: SMTPClientConfiguration.defaultPort(security: security, authenticating: user != nil))
        var authentication: SMTPAuthentication?
        if let user, let secret = try secret.resolve() {
            authentication = SMTPAuthentication(user: user, secret: secret,
                                                mechanism: mechanism.flatMap { SASLMechanismName(rawValue: $0.uppercased()) })
        }
        return SMTPClientConfiguration(
            host: host, port: port, security: security, tls: endpoint.tlsConfiguration,
            clientHostname: helo, authentication: authentication,
            timeouts: .uniform(endpoint.timeoutDuration), recordsTrace: trace)
    }

    /// The message to send: the `--body-file` as it is when it starts with headers, else a text
    /// message with `--subject` whose `X-MailProbe-Id` token the record names.
    func composeMessage() throws -> SMTPServiceProbe.Content {
        var body = "This message was sent by MailProbe to check that this mail service accepts mail.\r\n"
        if let bodyFile {
            guard let data = PlainText.readFile(bodyFile) else {
                throw ValidationError("cannot read --body-file \(bodyFile)")
            }
            let text = String(decoding: data, as: UTF8.self)
            if MessageComposer.startsWithHeaders(text) { return .message(data, token: nil) }
            body = text
        }
        let token = ProbeMessage.makeToken()
        return .message(MessageComposer.compose(from: from, to: to, subject: subject, body: body,
                                                extraHeaders: [(ProbeMessage.tokenHeader, token)]), token: token)
    }
}
