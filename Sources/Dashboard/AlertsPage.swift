import HistoryStore
import MonitorCore
import Probe

/// The alerts page's view model: firing alerts, silences (with forms to end them and make one) and history.
struct AlertsPage {
    struct Firing {
        var key: String
        var href: String
        var severity: String
        var since: String
        var words: String
        var detail: String
        var reply: String?
        var runHref: String?
    }

    struct Silence {
        var id: Int64
        var matcher: String
        var starts: String
        var ends: String
        var comment: String
        var createdBy: String
        var active: Bool
    }

    struct Event {
        var at: String
        var key: String
        var event: String
        var severity: String
        var summary: String
        var held: String?
        var runHref: String?
    }

    struct Choice { var value: String; var label: String }

    var firing: [Firing]
    var silences: [Silence]
    var history: [Event]
    var probes: [Choice]
    var formToken: String
    var error: String?
    var tokenNote: Bool
    var hasFiring = false
    var hasSilences = false

    /// Reads the page (blocking: call off the cooperative pool).
    static func load(file: ProbeConfigFile, store: HistoryStore, nowMs: Int64, formToken: String, error: String?, tokenSet: Bool) throws -> AlertsPage {
        let states = try store.alertStates(as: AlertState.self).filter(\.firing)
        let silences = try store.silences(activeAtMs: nil).filter { $0.endsAtMs > nowMs }
        let events = try store.alertEvents(limit: 200)
        let runIDs = try store.lastFailedRunIDs(events.map { (key: $0.key, atMs: $0.atMs) })
        var page = AlertsPage(
            firing: states.map { state in
                Firing(key: state.key.description, href: DashboardLinks.probe(state.key.probe, route: state.key.route),
                       severity: state.severity?.rawValue ?? "warning", since: state.sinceMs.map(DashboardFormat.time) ?? "",
                       words: state.cause?.words ?? (state.noData ? "no runs recorded" : ""), detail: state.cause?.detail ?? "",
                       reply: state.cause?.serverReply, runHref: state.cause?.runID.map(DashboardLinks.run))
            },
            silences: silences.compactMap { silence in
                guard let id = silence.id else { return nil }
                let matcher = [silence.probe.map { "probe \($0)" }, silence.route.map { "route \($0.replacingArrow)" },
                               silence.location.map { "location \($0)" }].compactMap(\.self).joined(separator: ", ")
                return Silence(id: id, matcher: matcher, starts: DashboardFormat.time(silence.startsAtMs), ends: DashboardFormat.time(silence.endsAtMs),
                               comment: silence.comment, createdBy: silence.createdBy ?? "", active: silence.isActive(atMs: nowMs))
            },
            history: zip(events, runIDs).map { event, runID in
                Event(at: DashboardFormat.time(event.atMs), key: event.key.description, event: event.event.rawValue,
                      severity: event.severity.rawValue, summary: event.summary, held: event.held, runHref: runID.map(DashboardLinks.run))
            },
            probes: file.probeNames.map { Choice(value: $0, label: $0) },
            formToken: formToken, error: error, tokenNote: tokenSet)
        page.hasFiring = !page.firing.isEmpty
        page.hasSilences = !page.silences.isEmpty
        return page
    }
}
