import ArgumentParser
import MailCore
import MailTransport
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
            server accepted the message, 2 when any phase failed.
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

    /// Runs the probe; the report holds the phases, TLS facts and any error.
    func measure() async throws -> SMTPReport {
        let configuration = try clientConfiguration()
        let message = try composeMessage()
        let smtp = SMTPConnection(configuration: configuration)
        var report = SMTPReport(server: "\(configuration.host):\(configuration.port)")
        do {
            try await smtp.connect()
            let result = try await smtp.send(message, envelope: SMTPEnvelope(sender: from, recipients: to))
            report.queueID = result.queueID
            try await smtp.quit()
        } catch {
            report.error = error
            smtp.close()
        }
        report.timings = smtp.timings
        report.lastReply = smtp.lastReply
        report.tls = smtp.tlsSession
        report.remoteAddress = smtp.remoteAddress
        report.trace = smtp.trace
        return report
    }

    func run() async throws {
        let report = try await measure()
        if json {
            print(report.json())
        } else {
            print(report.text(withTrace: trace), terminator: "")
        }
        if let error = report.error {
            StandardError.write("mailprobe smtp: failed in phase \(error.phase): \(error.detail)\n")
            throw failureExitCode
        }
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

    func composeMessage() throws -> [UInt8] {
        var body = "This message was sent by MailProbe to check that this mail service accepts mail.\r\n"
        if let bodyFile {
            guard let data = PlainText.readFile(bodyFile) else {
                throw ValidationError("cannot read --body-file \(bodyFile)")
            }
            let text = String(decoding: data, as: UTF8.self)
            if MessageComposer.startsWithHeaders(text) { return data }
            body = text
        }
        return MessageComposer.compose(from: from, to: to, subject: subject, body: body)
    }
}
