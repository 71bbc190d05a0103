import ArgumentParser
import MailTransport
import Probe

/// `mailprobe check …`: monitoring-plugin conventions (status line, perfdata, exit 0/1/2/3).
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Run a probe for Nagios, Icinga, Checkmk or Zabbix: one status line with perfdata, exit 0/1/2/3.",
        subcommands: [CheckRoundTripCommand.self, CheckTransitCommand.self, CheckSMTPCommand.self, CheckIMAPCommand.self]
    )
}

struct CheckRoundTripCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "roundtrip", abstract: "Round trip as a monitoring-plugin check.")

    @OptionGroup var options: RoundTripOptions

    func run() async throws {
        let routes: [TransitProbe.Route]
        let thresholds: ProbeThresholds
        do {
            (routes, thresholds) = try await options.routes()
        } catch {
            print("MAILPROBE UNKNOWN - \(error)")
            throw ExitCode(ProbeStatus.unknown.exitCode)
        }
        let results = await TransitProbe(routes: routes).run()
        print(PluginCheck.render(results, thresholds: thresholds))
        throw ExitCode(TransitProbe.status(of: results).exitCode)
    }
}

struct CheckTransitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "transit", abstract: "Transit routes as a monitoring-plugin check.")

    @Option(help: ArgumentHelp("YAML config file.", valueName: "file")) var config: String
    @Option(help: ArgumentHelp("Transit probe in --config.", valueName: "name")) var probe: String?
    @Option(name: .customLong("route"), help: ArgumentHelp("Only this route; repeatable.", valueName: "A->B")) var routes: [String] = []

    func run() async throws {
        let results: [TransitProbe.RouteResult]
        let thresholds: ProbeThresholds
        do {
            let file = try ProbeConfigFile.loadWarningOfAccess(path: config)
            let spec = try TransitSelection.spec(in: file, named: probe)
            thresholds = spec.thresholds
            results = await TransitProbe(routes: try await file.routes(of: spec, only: routes)).run()
        } catch {
            print("MAILPROBE UNKNOWN - \(error)")
            throw ExitCode(ProbeStatus.unknown.exitCode)
        }
        print(PluginCheck.render(results, thresholds: thresholds))
        throw ExitCode(TransitProbe.status(of: results).exitCode)
    }
}

/// One status line for one or more routes; perfdata labels carry the route when there are several.
enum PluginCheck {
    static func render(_ results: [TransitProbe.RouteResult], thresholds: ProbeThresholds) -> String {
        let status = TransitProbe.status(of: results)
        let several = results.count > 1
        var summaries: [String] = []
        var phases: [ProbePhase] = []
        var limits = ProbeThresholds()
        for route in results {
            var summary = several ? "\(route.route): " : ""
            summary += route.result.phase("delivery") != nil ? "round trip" : "round trip failed"
            if let total = route.result.phase("total") { summary += " \(PluginOutput.seconds(total.duration)) s" }
            if let delivery = route.result.phase("delivery") { summary += ", delivery \(PluginOutput.seconds(delivery.duration)) s" }
            summaries.append(summary)
            for phase in route.result.phases {
                let name = several ? "\(route.route.replacingArrows()).\(phase.name)" : phase.name
                phases.append(ProbePhase(name: name, duration: phase.duration))
                if let limit = thresholds.phases[phase.name] { limits.phases[name] = limit }
            }
        }
        return PluginOutput.render(status: status, summary: summaries.joined(separator: "; "),
                                   reasons: results.flatMap(\.result.reasons), phases: phases, thresholds: limits)
    }
}

extension String {
    /// `corp->other` as `corp_to_other`, for perfdata labels.
    func replacingArrows() -> String {
        split(separator: "->", omittingEmptySubsequences: false).joined(separator: "_to_")
    }
}

/// Thresholds given as `--threshold PHASE=WARNING[,CRITICAL]` (and `--cert-days`).
struct CheckThresholdOptions: ParsableArguments {
    @Option(name: .customLong("threshold"), help: ArgumentHelp("PHASE=WARNING[,CRITICAL], e.g. ehlo=2s,5s; repeatable.", valueName: "spec"))
    var thresholds: [String] = []

    @Option(name: .customLong("cert-days"), help: ArgumentHelp("Certificate days left: WARNING[,CRITICAL].", valueName: "days"))
    var certificateDays: String?

    func parsed(phases known: [String]) throws -> ProbeThresholds {
        var result = ProbeThresholds()
        for spec in thresholds {
            let (phase, limits) = try DurationText.threshold(spec, phases: known)
            result.phases[phase] = limits
        }
        if let certificateDays {
            let parts = certificateDays.split(separator: ",").map { Int(String($0).trimming(" ")) }
            guard !parts.isEmpty, parts.count <= 2, parts.allSatisfy({ $0 != nil }) else {
                throw ValidationError("--cert-days \(certificateDays): expected WARNING[,CRITICAL] in days")
            }
            result.certificateDays = (parts[0], parts.count > 1 ? parts[1] : nil)
        }
        return result
    }

    /// The thresholds of a single-service probe: `--threshold` names `service`'s phases without
    /// the prefix (`ehlo`, as `mailprobe smtp` prints them), or `total`.
    func probeThresholds(service: String) throws -> ProbeThresholds {
        var result = try parsed(phases: ProbeConfigFile.servicePhaseNames(service) + ["total"])
        result.phases = Dictionary(uniqueKeysWithValues: result.phases.map { name, limits in
            (name == "total" ? name : "\(service).\(name)", limits)
        })
        return result
    }

    /// Runs a single-service probe with these thresholds, prints its status line and exits with its status.
    func check(service: String, _ run: (ProbeThresholds) async throws -> ProbeRunRecord) async throws -> Never {
        let thresholds = try probeThresholds(service: service)
        let record = try await run(thresholds)
        print(Self.statusLine(record, service: service, thresholds: thresholds))
        throw ExitCode(record.status.exitCode)
    }

    /// The monitoring-plugin line of a single-service run record: phases and limits named without the prefix.
    static func statusLine(_ record: ProbeRunRecord, service: String, thresholds: ProbeThresholds) -> String {
        let phases = record.phases.map {
            ProbePhase(name: ReportParts.unprefixed($0.name, service: service), duration: .milliseconds($0.ms))
        }
        var limits = ProbeThresholds()
        for (name, limit) in thresholds.phases { limits.phases[ReportParts.unprefixed(name, service: service)] = limit }
        let summary = record.error == nil ? "\(service) \(PluginOutput.seconds(.milliseconds(record.durationMs))) s" : "\(service) failed"
        return PluginOutput.render(status: record.status, summary: summary, reasons: record.reasons, phases: phases, thresholds: limits)
    }
}

struct CheckSMTPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "smtp", abstract: "`mailprobe smtp` as a monitoring-plugin check.")

    @OptionGroup var probe: SMTPProbeCommand
    @OptionGroup var limits: CheckThresholdOptions

    func run() async throws {
        try await limits.check(service: "smtp") { thresholds in
            try await probe.makeProbe(thresholds: thresholds).run(probe: "smtp", startedAtMs: ProbeExecution.systemWallClock())
        }
    }
}

struct CheckIMAPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "imap", abstract: "`mailprobe imap` as a monitoring-plugin check.")

    @OptionGroup var probe: IMAPProbeCommand
    @OptionGroup var limits: CheckThresholdOptions

    func run() async throws {
        try await limits.check(service: "imap") { thresholds in
            try await probe.makeProbe(thresholds: thresholds).run(probe: "imap", startedAtMs: ProbeExecution.systemWallClock())
        }
    }
}
