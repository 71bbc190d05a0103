import ArgumentParser
import IMAPClient
import MailTransport
import Probe
import SMTPClient

/// How a probe command was told what to measure: a config file's probe, or endpoint flags.
struct RoundTripOptions: ParsableArguments {
    @Option(help: ArgumentHelp("YAML config file (see docs/config.md).", valueName: "file"))
    var config: String?

    @Option(help: ArgumentHelp("Name of the probe in --config.", valueName: "name"))
    var probe: String?

    @OptionGroup var smtp: SMTPEndpointFlags
    @OptionGroup var imap: IMAPEndpointFlags

    @Option(help: "Envelope sender and From: of the probe message.")
    var from: String?

    @Option(help: "Recipient: the mailbox the IMAP side watches.")
    var to: String?

    @Option(help: ArgumentHelp("Limit for every network step, in seconds.", valueName: "seconds"))
    var timeout: Double = 30

    @Option(name: .customLong("late-after"), help: ArgumentHelp("Arriving later than this is WARNING (e.g. 60s).", valueName: "duration"))
    var lateAfter: String = "60s"

    @Option(name: .customLong("lost-after"), help: ArgumentHelp("Not arrived by then is CRITICAL, lost (e.g. 5m).", valueName: "duration"))
    var lostAfter: String = "5m"

    @Option(name: .customLong("threshold"), help: ArgumentHelp("PHASE=WARNING[,CRITICAL], e.g. submit.data_accepted=10s,20s; repeatable.", valueName: "spec"))
    var thresholds: [String] = []

    @Option(name: .customLong("cert-days"), help: ArgumentHelp("Certificate days left: WARNING[,CRITICAL], e.g. 14,7.", valueName: "days"))
    var certificateDays: String?

    @Option(help: "Location label written into the probe message.")
    var location: String?

    var usesConfig: Bool { config != nil }

    func validate() throws {
        if usesConfig {
            guard probe != nil else { throw ValidationError("--config needs --probe NAME") }
            guard smtp.server == nil, imap.server == nil, from == nil, to == nil else {
                throw ValidationError("give either --config with --probe, or the endpoint flags, not both")
            }
            return
        }
        guard smtp.server != nil, imap.server != nil, from != nil, to != nil else {
            throw ValidationError("give --config F --probe NAME, or --smtp-server, --imap-server, --imap-user, --from and --to")
        }
        guard timeout > 0, timeout <= 86_400 else { throw ValidationError("--timeout must be between 0 and 86400 seconds") }
        _ = try limits()
    }

    /// Thresholds and deadlines from the flags.
    func limits() throws -> (thresholds: ProbeThresholds, late: Duration, lost: Duration) {
        var parsed = ProbeThresholds()
        for spec in thresholds {
            let (phase, limits) = try DurationText.threshold(spec)
            parsed.phases[phase] = limits
        }
        if let certificateDays {
            let parts = certificateDays.split(separator: ",").map { Int(String($0).trimming(" ")) }
            guard !parts.isEmpty, parts.count <= 2, parts.allSatisfy({ $0 != nil }) else {
                throw ValidationError("--cert-days \(certificateDays): expected WARNING[,CRITICAL] in days")
            }
            parsed.certificateDays = (parts[0], parts.count > 1 ? parts[1] : nil)
        }
        return (parsed, try DurationText.parse(lateAfter, what: "--late-after"),
                try DurationText.parse(lostAfter, what: "--lost-after"))
    }

    /// The routes to run: one round trip from the flags, or the config probe's routes (optionally only `names`).
    func routes(only names: [String] = []) async throws -> (routes: [TransitProbe.Route], thresholds: ProbeThresholds) {
        if let config, let probe {
            let file = try ProbeConfigFile.loadWarningOfAccess(path: config)
            let spec = try file.probe(named: probe)
            return (try await file.routes(of: spec, only: names), spec.thresholds)
        }
        let (thresholds, late, lost) = try limits()
        let limit = Duration.milliseconds(Int64(timeout * 1000))
        let configuration = RoundTripConfiguration(
            smtp: try smtp.spec.smtpConfiguration(timeout: limit, trace: false),
            imap: try imap.spec.imapConfiguration(timeout: limit, trace: false),
            sender: from!, recipient: to!, mailbox: imap.mailbox, junkMailbox: imap.junk,
            lateAfter: late, lostAfter: lost, thresholds: thresholds, location: location)
        return ([TransitProbe.Route(name: "\(from!)->\(to!)", configuration: configuration)], thresholds)
    }
}

/// `mailprobe roundtrip`: one probe message through submission, delivery and retrieval.
struct RoundTripCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roundtrip",
        abstract: "Send a probe message over SMTP, notice it arrive over IMAP, verify and delete it; time every phase.",
        discussion: "Exit status: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN."
    )

    @OptionGroup var options: RoundTripOptions

    @Flag(help: "Print one JSON object instead of the table.")
    var json = false

    @Flag(help: "Print the SMTP and IMAP transcripts, credentials masked.")
    var trace = false

    func run() async throws {
        let (routes, thresholds) = try await options.routes()
        guard var route = routes.first, routes.count == 1 else {
            throw ValidationError("probe \(options.probe ?? "") has several routes: use `mailprobe transit`")
        }
        route.configuration.smtp.recordsTrace = trace
        route.configuration.imap.recordsTrace = trace
        let startedAt = ProbeExecution.systemWallClock()
        let result = await RoundTripProbe(configuration: route.configuration).run()
        let report = RoundTripReport(result: result, thresholds: thresholds)
        let output = json ? report.json(probe: options.probe ?? "roundtrip", location: route.configuration.location, startedAtMs: startedAt)
            : report.text(withTrace: trace)
        print(output, terminator: json ? "\n" : "")
        if result.status != .ok {
            for reason in result.reasons { StandardError.write("mailprobe roundtrip: \(reason)\n") }
            throw ExitCode(result.status.exitCode)
        }
    }
}

/// `mailprobe transit`: delivery time between services, every route at once.
struct TransitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transit",
        abstract: "Measure transit time between accounts (A->B, B->A or the full mesh) from a config file.",
        discussion: "Exit status: the worst route's: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN."
    )

    @Option(help: ArgumentHelp("YAML config file (see docs/config.md).", valueName: "file"))
    var config: String

    @Option(help: ArgumentHelp("Transit probe in --config; default: the only transit probe.", valueName: "name"))
    var probe: String?

    @Option(name: .customLong("route"), help: ArgumentHelp("Only this route, e.g. corp->other; repeatable.", valueName: "A->B"))
    var routes: [String] = []

    @Flag(help: "Print one JSON object instead of the tables.")
    var json = false

    func run() async throws {
        let file = try ProbeConfigFile.loadWarningOfAccess(path: config)
        let spec = try TransitSelection.spec(in: file, named: probe)
        let startedAt = ProbeExecution.systemWallClock()
        let results = await TransitProbe(routes: try await file.routes(of: spec, only: routes)).run()
        let status = TransitProbe.status(of: results)
        if json {
            print(TransitReport(results: results, probe: spec.name, location: file.location, startedAtMs: startedAt).json())
        } else {
            for route in results {
                print("== \(route.route)")
                print(RoundTripReport(result: route.result, thresholds: spec.thresholds).text())
            }
        }
        if status != .ok { throw ExitCode(status.exitCode) }
    }
}

enum TransitSelection {
    /// The named probe, or the only transit probe of the file.
    static func spec(in file: ProbeConfigFile, named name: String?) throws -> ProbeSpec {
        if let name { return try file.probe(named: name) }
        let transits = file.probeNames.compactMap { file.probes[$0] }.filter {
            if case .transit = $0.kind { true } else { false }
        }
        guard transits.count == 1 else {
            throw ValidationError("\(file.file) has \(transits.count) transit probes: name one with --probe")
        }
        return transits[0]
    }
}
