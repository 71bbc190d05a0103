import ArgumentParser
import Dispatch
import MailTestServer
import MailTransport

#if canImport(Glibc)
import Glibc
#endif

/// `mailprobe test-server`: the project's scriptable SMTP + IMAP server with fault and delay injection.
struct TestServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test-server",
        abstract: "Run a scriptable SMTP + IMAP test server with fault and delay injection.",
        discussion: """
            Port 0 picks a free port. Once listening it prints one JSON line with the bound \
            ports, e.g. {"smtp":40111,"imap":40112}, and runs until SIGINT or SIGTERM. \
            PHASE names are the clients': smtp.NAME (greeting, ehlo, starttls, auth, mail_from, \
            rcpt_to, data, data_accepted, rset, noop, quit) or imap.NAME (greeting, capability, \
            starttls, auth, select, examine, search, fetch, store, expunge, idle, …). A name only \
            one of them has may go bare (rcpt_to, select=200ms); greeting, starttls, auth and noop \
            need the prefix. 'delivery' is the moment a message enters the store; --junk and \
            --corrupt act there. \
            --every applies to all of these. Durations: 250ms, 1.5s.
            """
    )

    @Option(help: "Address to listen on (numeric, or localhost).")
    var host = "127.0.0.1"

    @Option(name: .customLong("smtp-port"), help: "SMTP port (STARTTLS when TLS is configured); default: a free one.")
    var smtpPort: UInt16?

    @Option(name: .customLong("smtps-port"), help: "Implicit-TLS SMTP port.")
    var smtpsPort: UInt16?

    @Option(name: .customLong("imap-port"), help: "IMAP port (STARTTLS when TLS is configured); default: a free one.")
    var imapPort: UInt16?

    @Option(name: .customLong("imaps-port"), help: "Implicit-TLS IMAP port.")
    var imapsPort: UInt16?

    @Option(name: .customLong("tls-cert"), help: ArgumentHelp("PEM certificate chain.", valueName: "file"))
    var tlsCert: String?

    @Option(name: .customLong("tls-key"), help: ArgumentHelp("PEM private key.", valueName: "file"))
    var tlsKey: String?

    @Flag(name: .customLong("self-signed"), help: "Generate a throw-away certificate for localhost in-process.")
    var selfSigned = false

    @Option(name: .customLong("user"), help: ArgumentHelp("A user, ADDRESS:PASSWORD (repeatable).", valueName: "user"))
    var users: [String] = []

    @Option(name: .customLong("delay"), help: ArgumentHelp("Delay a phase's reply (repeatable).", valueName: "phase=duration"))
    var delays: [String] = []

    @Option(name: .customLong("delivery-delay"), help: ArgumentHelp("Store accepted messages this much later.", valueName: "duration"))
    var deliveryDelay = "0"

    @Option(name: .customLong("reply"), help: ArgumentHelp("Answer a phase with this reply instead (repeatable).", valueName: "phase=code[:text]"))
    var replies: [String] = []

    @Option(name: .customLong("drop"), help: ArgumentHelp("Close the connection at this phase (repeatable).", valueName: "phase"))
    var drops: [String] = []

    @Option(name: .customLong("drip"), help: ArgumentHelp("Send this phase's reply one byte at a time (repeatable).", valueName: "phase"))
    var drips: [String] = []

    @Option(name: .customLong("garbage"), help: ArgumentHelp("Send garbage instead of this phase's reply (repeatable).", valueName: "phase"))
    var garbage: [String] = []

    @Flag(name: [.customLong("junk"), .customLong("deliver-to-junk")],
          help: "Deliver accepted messages into the recipient's Junk mailbox (created on demand) instead of INBOX.")
    var junk = false

    @Flag(name: .customLong("corrupt"), help: "Store accepted messages with a line appended to the body (headers untouched).")
    var corrupt = false

    @Flag(name: .customLong("no-starttls"), help: "Omit STARTTLS from EHLO and CAPABILITY, refuse the command.")
    var noStartTLS = false

    @Flag(name: .customLong("no-idle"), help: "Omit IDLE from CAPABILITY, refuse the command.")
    var noIdle = false

    @Flag(name: .customLong("starttls-injection"), help: "Inject plaintext right after the STARTTLS reply.")
    var startTLSInjection = false

    @Flag(help: "Greet IMAP clients with PREAUTH (logged in as the first user).")
    var preauth = false

    @Flag(name: .customLong("huge-literal"), help: "Answer IMAP FETCH with an oversized literal announcement.")
    var hugeLiteral = false

    @Option(help: "Apply faults only to every Nth session of each protocol.")
    var every = 1

    @Option(help: "Seed for queue ids and UIDVALIDITY.")
    var seed: UInt64 = 1

    @Flag(name: .customLong("log-deliveries"), help: "Print a JSON line on stdout for each message stored.")
    var logDeliveries = false

    func validate() throws {
        if (tlsCert == nil) != (tlsKey == nil) { throw ValidationError("--tls-cert and --tls-key go together") }
        if tlsCert != nil && selfSigned { throw ValidationError("give --tls-cert/--tls-key or --self-signed, not both") }
        if (smtpsPort != nil || imapsPort != nil) && tlsCert == nil && !selfSigned {
            throw ValidationError("--smtps-port and --imaps-port need --tls-cert/--tls-key or --self-signed")
        }
        if every < 1 { throw ValidationError("--every must be at least 1") }
        for user in users where TestMailUser(parsing: user) == nil {
            throw ValidationError("--user \(user): expected ADDRESS:PASSWORD")
        }
        _ = try faultPlan()
        if FaultPlan.parseDuration(deliveryDelay) == nil {
            throw ValidationError("--delivery-delay \(deliveryDelay): durations look like 250ms or 1.5s")
        }
    }

    func faultPlan() throws -> FaultPlan {
        var plan = FaultPlan(omitsStartTLS: noStartTLS, omitsIdle: noIdle, injectsAfterStartTLS: startTLSInjection,
                             preauthGreeting: preauth, announcesHugeLiteral: hugeLiteral, every: every)
        do {
            for delay in delays { try plan.addDelay(delay) }
            for reply in replies { try plan.addReply(reply) }
            for phase in drops { try plan.add(.drop, parsing: phase, option: "--drop") }
            for phase in drips { try plan.add(.drip, parsing: phase, option: "--drip") }
            for phase in garbage { try plan.add(.garbage, parsing: phase, option: "--garbage") }
            if junk { plan.add(.junk, at: .delivery) }
            if corrupt { plan.add(.corrupt, at: .delivery) }
        } catch {
            throw ValidationError(error.description)
        }
        return plan
    }

    func run() async throws {
        var certificate: TestServerCertificate?
        var tls: TLSServerConfiguration?
        if let tlsCert, let tlsKey {
            tls = TLSServerConfiguration(certificateChainFile: tlsCert, privateKeyFile: tlsKey)
        } else if selfSigned {
            certificate = try TestServerCertificate.generate()
            tls = certificate?.configuration
        }
        defer { certificate?.remove() }
        let server = try await TestMailServer.start(TestMailServer.Configuration(
            host: host,
            smtpPort: smtpPort ?? 0,
            imapPort: imapPort ?? 0,
            smtpsPort: smtpsPort,
            imapsPort: imapsPort,
            tls: tls,
            users: users.isEmpty ? TestMailUser.defaults : users.compactMap(TestMailUser.init(parsing:)),
            deliveryDelay: FaultPlan.parseDuration(deliveryDelay) ?? .zero,
            faults: try faultPlan(),
            seed: seed))
        let logger: Task<Void, Never>? = logDeliveries ? Task {
            for await delivery in server.deliveryStream() {
                Self.printLine(delivery.jsonLine)
            }
        } : nil
        Self.printLine(server.ports.jsonLine)
        await Self.waitForTerminationSignal()
        await server.stop()
        await logger?.value
    }

    /// Writes one line to stdout at once (unbuffered, so a parent process sees it immediately).
    static func printLine(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            if written <= 0 { return }
            offset += written
        }
    }

    /// Suspends until SIGINT or SIGTERM, caught by a dispatch source (never on the cooperative pool).
    static func waitForTerminationSignal() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let queue = DispatchQueue(label: "mailprobe.test-server.signals")
            let once = SignalLatch(continuation)
            var sources: [any DispatchSourceSignal] = []
            for number in [SIGINT, SIGTERM] {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
                source.setEventHandler { once.fire() }
                source.resume()
                sources.append(source)
            }
            once.keep(sources)
        }
    }
}

/// Resumes its continuation on the first signal only; keeps the signal sources alive.
private final class SignalLatch: @unchecked Sendable {
    // Touched only on the signal queue after setup.
    private var continuation: CheckedContinuation<Void, Never>?
    private var sources: [any DispatchSourceSignal] = []

    init(_ continuation: CheckedContinuation<Void, Never>) {
        self.continuation = continuation
    }

    func keep(_ sources: [any DispatchSourceSignal]) {
        self.sources = sources
    }

    func fire() {
        continuation?.resume()
        continuation = nil
    }
}
