import MonitorCore
import Probe

/// What the alert engine watches for a configuration, and where a notice goes.
enum AlertWatches {
    /// One watch per probe, one per transit route; delivery and transit watches held back while
    /// an `smtp` or `imap` probe of the same account fires (so one outage pages once).
    static func watches(of file: ProbeConfigFile) -> [AlertWatch] {
        var serviceKeys: [String: [AlertKey]] = [:]
        for spec in file.probeNames.compactMap({ file.probes[$0] }) {
            switch spec.kind {
            case .smtp(let account, _): serviceKeys["smtp:" + account, default: []].append(AlertKey(probe: spec.name))
            case .imap(let account, _): serviceKeys["imap:" + account, default: []].append(AlertKey(probe: spec.name))
            case .roundTrip, .transit: break
            }
        }
        var watches: [AlertWatch] = []
        for spec in file.probeNames.compactMap({ file.probes[$0] }) {
            let policy = AlertPolicy(forRuns: spec.alerts.forRuns ?? file.alerts.forRuns,
                                     resolveAfter: spec.alerts.resolveAfter ?? file.alerts.resolveAfter,
                                     repeatInterval: spec.alerts.repeatInterval ?? file.alerts.repeatInterval,
                                     noDataAfterIntervals: file.alerts.noDataAfterIntervals)
            func watch(_ key: AlertKey, sender: String?, recipient: String?) -> AlertWatch {
                let inhibitors = (sender.map { serviceKeys["smtp:" + $0] ?? [] } ?? []) + (recipient.map { serviceKeys["imap:" + $0] ?? [] } ?? [])
                return AlertWatch(key: key, policy: policy, expectedInterval: spec.interval, location: file.location,
                                  inhibitedBy: inhibitors, notifiers: spec.notify)
            }
            switch spec.kind {
            case .roundTrip(let account):
                watches.append(watch(AlertKey(probe: spec.name), sender: account, recipient: account))
            case .transit(let routes):
                for route in routes {
                    watches.append(watch(AlertKey(probe: spec.name, route: route.description), sender: route.from, recipient: route.to))
                }
            case .smtp, .imap:
                watches.append(watch(AlertKey(probe: spec.name), sender: nil, recipient: nil))
            }
        }
        return watches
    }

    /// The probe's own notifiers and those of `alerts.routes` for the notice's severity
    /// (a `warning` route also takes critical notices), each once.
    static func notifiers(for notice: AlertNotice, watch: [String], routes: [AlertsConfig.Route]) -> [String] {
        var names = watch
        for route in routes where route.severity == notice.severity.rawValue || route.severity == "warning" {
            for name in route.notify where !names.contains(name) { names.append(name) }
        }
        return names
    }
}
