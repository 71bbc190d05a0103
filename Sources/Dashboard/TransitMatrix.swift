import HistoryStore
import MonitorCore
import Probe

/// A transit probe as a grid: senders as rows, receivers as columns, each cell the route's last and
/// 24-hour median transit (`delivery`), coloured by the probe's delivery thresholds.
struct TransitMatrix {
    struct Name { var name: String }

    struct Cell {
        /// Whether the probe has this route (the template's switch: Mustache reads a stored Bool reliably).
        var probed: Bool
        var href: String
        var last: String
        var median: String
        var statusClass: String
        var statusWord: String
    }

    struct Row {
        var sender: String
        var cells: [Cell]
    }

    var probe: String
    var href: String
    var receivers: [Name]
    var rows: [Row]

    static func load(spec: ProbeSpec, routes: [TransitRoute], latest: [AlertKey: ProbeRunRecord], store: HistoryStore,
                     nowMs: Int64) throws -> TransitMatrix {
        // Rows and columns in one order (accounts as first named), so "A -> B and back" is a grid with an empty diagonal.
        var accounts: [String] = []
        for route in routes {
            for account in [route.from, route.to] where !accounts.contains(account) { accounts.append(account) }
        }
        let senders = accounts.filter { account in routes.contains { $0.from == account } }
        let receivers = accounts.filter { account in routes.contains { $0.to == account } }
        let limits = spec.thresholds.phases["delivery"]
        var rows: [Row] = []
        for sender in senders {
            var cells: [Cell] = []
            for receiver in receivers {
                let route = TransitRoute(from: sender, to: receiver)
                guard routes.contains(route) else {
                    cells.append(Cell(probed: false, href: "", last: "", median: "", statusClass: "absent", statusWord: "not probed"))
                    continue
                }
                let run = latest[AlertKey(probe: spec.name, route: route.description)]
                let median = try store.series(probe: spec.name, route: route.description, phase: "delivery",
                                              sinceMs: nowMs - 86_400_000, untilMs: nowMs + 1, stepMs: 86_400_000 * 2).last?.p50Ms
                let last = run?.milliseconds(of: "delivery")
                let status = last.map { level($0, limits: limits) } ?? run?.status
                let shown = DashboardStatus(status)
                cells.append(Cell(probed: true, href: DashboardLinks.probe(spec.name, route: route.description), last: DashboardFormat.duration(last),
                                  median: DashboardFormat.duration(median), statusClass: shown.cssClass, statusWord: shown.word))
            }
            rows.append(Row(sender: sender, cells: cells))
        }
        return TransitMatrix(probe: spec.name, href: DashboardLinks.probe(spec.name), receivers: receivers.map(Name.init), rows: rows)
    }

    /// A transit against the warning and critical limits.
    static func level(_ ms: Double, limits: ProbeThresholds.Limits?) -> ProbeStatus {
        if let critical = limits?.critical, ms > critical.dashboardMilliseconds { return .critical }
        if let warning = limits?.warning, ms > warning.dashboardMilliseconds { return .warning }
        return .ok
    }
}

extension Duration {
    /// The duration in (fractional) milliseconds.
    var dashboardMilliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}
