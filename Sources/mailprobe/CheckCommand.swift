import ArgumentParser
import IMAPCore
import MailTransport
import Probe
import SMTPCore

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
            let file = try ProbeConfigFile.load(path: config)
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

    /// Prints the status line of a protocol check and exits with its plugin code.
    func finish<Phase: RawRepresentable<String>>(service: String, timings: [PhaseTiming<Phase>], error: (any Error)?,
                                                tls: TLSSessionInfo?) throws -> Never {
        let phases = timings.map { ProbePhase(name: $0.phase.rawValue, duration: $0.duration) }
        let (line, status) = try render(service: service, phases: phases, error: error, tls: tls)
        print(line)
        throw ExitCode(status.exitCode)
    }

    /// The status line for one protocol check: its phases against the thresholds, the error if any.
    func render(service: String, phases: [ProbePhase], error: (any Error)?, tls: TLSSessionInfo?) throws -> (String, ProbeStatus) {
        let limits = try parsed(phases: ProbeConfigFile.servicePhaseNames(service))
        var reasons = limits.evaluate(phases)
        if let error { reasons.insert(ProbeReasons.reason(for: error, protocolName: service), at: 0) }
        if let notAfter = tls?.notAfter,
           let reason = limits.evaluateCertificate(endpoint: service, daysLeft: TLSFacts.daysLeft(notAfter)) {
            reasons.append(reason)
        }
        let status = reasons.map(\.status).max() ?? .ok
        let total = phases.reduce(Duration.zero) { $0 + $1.duration }
        let summary = error == nil ? "\(service) \(PluginOutput.seconds(total)) s" : "\(service) failed"
        return (PluginOutput.render(status: status, summary: summary, reasons: reasons, phases: phases, thresholds: limits), status)
    }
}

struct CheckSMTPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "smtp", abstract: "`mailprobe smtp` as a monitoring-plugin check.")

    @OptionGroup var probe: SMTPProbeCommand
    @OptionGroup var limits: CheckThresholdOptions

    func run() async throws {
        let report = try await probe.measure()
        try limits.finish(service: "smtp", timings: report.timings, error: report.error, tls: report.tls)
    }
}

struct CheckIMAPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "imap", abstract: "`mailprobe imap` as a monitoring-plugin check.")

    @OptionGroup var probe: IMAPProbeCommand
    @OptionGroup var limits: CheckThresholdOptions

    func run() async throws {
        let report = try await probe.measure()
        try limits.finish(service: "imap", timings: report.timings, error: report.error, tls: report.tls)
    }
}
