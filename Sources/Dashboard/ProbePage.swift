import Charts
import HistoryStore
import MonitorCore
import Probe

/// The probe page's view model: per-phase latency stacked, the distribution of the total, failures marked by
/// class, alert periods as bands, and for a transit probe every route's transit on one scale.
struct ProbePage {
    struct Link {
        var label: String
        var href: String
        var current: Bool
    }

    struct Failure {
        var time: String
        var kind: String
        var status: String
        var message: String
        var href: String
    }

    var name: String
    var kind: String
    var route: String?
    var description: String
    var statusWord: String
    var statusClass: String
    var ranges: [Link]
    var routes: [Link]
    var phasesLink: Link
    var since: String
    var until: String
    var rangeText: String
    var stacked: String
    var distribution: String
    var transit: String?
    var failures: [Failure]
    var failureCount: Int
    var alertPeriods: [String]
    var refreshSeconds: Int

    /// Stored, for the template (Mustache reads stored properties).
    var hasRoutes = false
    var hasFailures = false

    /// Phases the chart never stacks: the whole run and the cleanup after it.
    static let unstacked: Set<String> = ["total", "cleanup"]

    /// Reads and draws the page (blocking: call off the cooperative pool).
    static func load(spec: ProbeSpec, route requested: String?, range: DashboardRange, allPhases: Bool, store: HistoryStore) throws -> ProbePage {
        var routes: [String] = []
        if case .transit(let list) = spec.kind { routes = list.map(\.description) }
        let route = requested ?? routes.first
        let latest = try store.runs(RunQuery(probe: spec.name, route: route, limit: 1)).runs.first
        let series = try PhaseSeries.load(spec: spec, route: route, phases: latest?.phases.map(\.name) ?? [], range: range, store: store)
        let failed = try store.failedRuns(probe: spec.name, route: route, sinceMs: range.sinceMs, untilMs: range.untilMs)
        let markers = failed.compactMap { record -> ChartMarker? in
            guard let id = record.id, let kind = FailureClass.marker(of: record) else { return nil }
            let words = record.error?.message ?? record.mainReason?.message ?? record.status.rawValue
            return ChartMarker(time: record.startedAtMs, kind: kind, title: "\(FailureClass.words(kind)): \(words)", href: DashboardLinks.run(id))
        }
        let periods = try store.alertPeriods(probe: spec.name, sinceMs: range.sinceMs, untilMs: range.untilMs)
            .filter { $0.key.route == nil || $0.key.route == route }
        let bands = periods.map { period in
            ChartBand(start: max(period.startMs, range.sinceMs), end: min(period.endMs ?? range.untilMs, range.untilMs),
                      severity: period.severity == .critical ? .critical : .warning,
                      label: "\(period.severity.rawValue) alert \(period.alertID)")
        }
        let label = route.map { "\(spec.name) \($0)" } ?? spec.name
        let stackedFrame = ChartFrame(title: "\(label): time per phase (mean per step)", unit: "ms", start: range.sinceMs, end: range.untilMs,
                                      scale: .linear)
        let stacked = Chart.renderStacked(series.stacked(grouped: !allPhases), thresholds: thresholds(spec, "total"), markers: markers,
                                          bands: bands, frame: stackedFrame)
        let distributionFrame = ChartFrame(title: "\(label): total, median and p10–p90 per step", unit: "ms", start: range.sinceMs,
                                           end: range.untilMs)
        let distribution = Chart.renderDistribution(series.distribution, thresholds: thresholds(spec, "total"), markers: markers,
                                                    bands: bands, frame: distributionFrame)
        var transit: String?
        if !routes.isEmpty {
            transit = try TransitComparison.render(spec: spec, routes: routes, range: range, thresholds: thresholds(spec, "delivery"), store: store)
        }
        let status = DashboardStatus(latest?.status)
        let query = range.query + (allPhases ? "&phases=all" : "")
        var page = ProbePage(
            name: spec.name, kind: spec.recordKind.rawValue, route: route, description: spec.description,
            statusWord: status.word, statusClass: status.cssClass,
            ranges: DashboardRange.Preset.allCases.map { preset in
                Link(label: preset.rawValue, href: DashboardLinks.probe(spec.name, route: requested, query: "range=\(preset.rawValue)" + (allPhases ? "&phases=all" : "")),
                     current: range.preset == preset)
            },
            routes: routes.map { Link(label: $0, href: DashboardLinks.probe(spec.name, route: $0, query: query), current: $0 == route) },
            phasesLink: Link(label: allPhases ? "Group phases (submit, delivery, retrieve)" : "Show every protocol phase",
                             href: DashboardLinks.probe(spec.name, route: requested, query: range.query + (allPhases ? "" : "&phases=all")), current: false),
            since: DashboardFormat.rfc3339(range.sinceMs), until: DashboardFormat.rfc3339(range.untilMs),
            rangeText: "\(DashboardFormat.time(range.sinceMs)) to \(DashboardFormat.time(range.untilMs))",
            stacked: stacked, distribution: distribution, transit: transit,
            failures: failed.suffix(50).reversed().compactMap { record in
                guard let id = record.id else { return nil }
                return Failure(time: DashboardFormat.time(record.startedAtMs), kind: FailureClass.marker(of: record).map(FailureClass.words) ?? "",
                               status: record.status.rawValue, message: record.error?.message ?? record.mainReason?.message ?? "",
                               href: DashboardLinks.run(id))
            },
            failureCount: failed.count,
            alertPeriods: periods.map { period in
                "\(period.severity.rawValue) alert \(period.alertID)\(period.key.route.map { " (\($0))" } ?? ""): "
                    + "\(DashboardFormat.time(period.startMs)) to \(period.endMs.map(DashboardFormat.time) ?? "now (firing)")"
            },
            refreshSeconds: max(10, Int(spec.interval.components.seconds)))
        page.hasRoutes = !page.routes.isEmpty
        page.hasFailures = !page.failures.isEmpty
        return page
    }

    /// The warning and critical lines of one phase's limits.
    static func thresholds(_ spec: ProbeSpec, _ phase: String) -> [ThresholdLine] {
        guard let limits = spec.thresholds.phases[phase] else { return [] }
        var lines: [ThresholdLine] = []
        if let warning = limits.warning {
            lines.append(ThresholdLine(value: warning.dashboardMilliseconds, severity: .warning, label: "\(phase) warning \(DashboardFormat.duration(warning.dashboardMilliseconds))"))
        }
        if let critical = limits.critical {
            lines.append(ThresholdLine(value: critical.dashboardMilliseconds, severity: .critical, label: "\(phase) critical \(DashboardFormat.duration(critical.dashboardMilliseconds))"))
        }
        return lines
    }
}
