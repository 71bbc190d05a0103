import ArgumentParser
import Probe

/// `mailprobe check …`: monitoring-plugin conventions (status line, perfdata, exit 0/1/2/3).
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Run a probe for Nagios, Icinga, Checkmk or Zabbix: one status line with perfdata, exit 0/1/2/3.",
        subcommands: [CheckRoundTripCommand.self, CheckTransitCommand.self]
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
