import Charts
import HistoryStore
import MonitorCore
import Probe

/// The overview's view model: every probe and route with its status, last run, sparkline, availability,
/// open alerts and certificates; and each transit probe as a matrix of senders by receivers.
struct OverviewPage {
    struct Row {
        var probe: String
        var route: String?
        var kind: String
        var href: String
        var statusClass: String
        var statusWord: String
        var lastRunHref: String?
        var lastRunAt: String
        var lastTotal: String
        var lastDelivery: String
        var sparkline: String
        var availability: [String]
        var alerts: [AlertLink]
        var certificates: [Certificate]
    }

    struct AlertLink {
        var severity: String
        var since: String
        var href: String
    }

    struct Certificate {
        var role: String
        var days: Int
        var level: String
    }

    var rows: [Row]
    var matrices: [TransitMatrix]
    var firingCount: Int
    var probeCount: Int

    /// The availability windows the table shows, in its column order.
    static let windows: [(label: String, ms: Int64)] = [("24 h", 86_400_000), ("7 d", 7 * 86_400_000), ("30 d", 30 * 86_400_000)]

    /// Reads what the overview shows from the store (blocking: call off the cooperative pool).
    static func load(file: ProbeConfigFile, store: HistoryStore, nowMs: Int64) throws -> OverviewPage {
        let specs = file.probeNames.compactMap { file.probes[$0] }
        var keys: [AlertKey] = []
        for spec in specs {
            switch spec.kind {
            case .transit(let routes): keys += routes.map { AlertKey(probe: spec.name, route: $0.description) }
            case .roundTrip, .smtp, .imap: keys.append(AlertKey(probe: spec.name))
            }
        }
        let latest = Dictionary(try store.latestRuns().map { (AlertKey(probe: $0.probe, route: $0.route), $0) },
                                uniquingKeysWith: { first, _ in first })
        let dayAgo = nowMs - 86_400_000
        let totals = try store.bucketTotals(of: keys, sinceMs: dayAgo, untilMs: nowMs + 1)
        let firstRuns = try store.firstRunMs(of: keys)
        let availability = try store.availability(of: keys, windowsSinceMs: windows.map { nowMs - $0.ms }, nowMs: nowMs)
        let firing = try store.alertStates(as: AlertState.self).filter(\.firing)
        let rows = try keys.map { key in
            let sparkline = try OverviewSparkline.load(key, firstRunMs: firstRuns[key], totals: totals[key] ?? [], store: store, nowMs: nowMs)
            return row(key, spec: file.probes[key.probe], latest: latest[key], sparkline: sparkline, availability: availability[key] ?? [],
                       firing: firing.filter { $0.key.probe == key.probe && ($0.key.route == nil || $0.key.route == key.route) },
                       thresholds: file.probes[key.probe]?.thresholds)
        }
        let matrices = try specs.compactMap { spec -> TransitMatrix? in
            guard case .transit(let routes) = spec.kind else { return nil }
            return try TransitMatrix.load(spec: spec, routes: routes, latest: latest, store: store, nowMs: nowMs)
        }
        return OverviewPage(rows: rows, matrices: matrices, firingCount: firing.count, probeCount: specs.count)
    }

    private static func row(_ key: AlertKey, spec: ProbeSpec?, latest: ProbeRunRecord?, sparkline: OverviewSparkline,
                            availability: [HistoryStore.Availability], firing: [AlertState], thresholds: ProbeThresholds?) -> Row {
        let status = DashboardStatus(latest?.status)
        let label = key.route.map { "\(key.probe) \($0)" } ?? key.probe
        let certificates = (latest?.tls ?? [:]).sorted { $0.key < $1.key }.compactMap { role, facts -> Certificate? in
            guard let days = facts.daysLeft else { return nil }
            let level = days <= (thresholds?.certificateDays.critical ?? 7) ? "critical"
                : days <= (thresholds?.certificateDays.warning ?? 21) ? "warning" : "ok"
            return Certificate(role: role, days: days, level: level)
        }
        return Row(probe: key.probe, route: key.route?.replacingArrow, kind: spec?.recordKind.rawValue ?? "",
                   href: DashboardLinks.probe(key.probe, route: key.route),
                   statusClass: status.cssClass, statusWord: status.word,
                   lastRunHref: latest?.id.map(DashboardLinks.run), lastRunAt: latest.map { DashboardFormat.time($0.startedAtMs) } ?? "never",
                   lastTotal: DashboardFormat.duration(latest?.durationMs), lastDelivery: DashboardFormat.duration(latest?.milliseconds(of: "delivery")),
                   sparkline: sparkline.render(label: label), availability: availability.map { DashboardFormat.percent($0.ratio) },
                   alerts: firing.map { state in
                       AlertLink(severity: state.severity?.rawValue ?? "warning", since: state.sinceMs.map(DashboardFormat.time) ?? "",
                                 href: state.cause?.runID.map(DashboardLinks.run) ?? "/alerts")
                   },
                   certificates: certificates)
    }
}
