import HistoryStore
import Probe

/// The dashboard's pages as HTML, from the configuration and the store. Each reads the store, so call it off
/// the cooperative pool (``DashboardRoutes`` does, through `Offload.run`); the benchmark calls them directly.
public enum DashboardPages {
    /// A page that cannot be shown: its status and the words the error page says.
    public struct PageError: Error, CustomStringConvertible {
        public var status: Int
        public var message: String
        public var description: String { message }
    }

    /// `/`: every probe and route, and the transit matrices.
    public static func overview(file: ProbeConfigFile, store: HistoryStore, nowMs: Int64) throws -> String {
        let page = try OverviewPage.load(file: file, store: store, nowMs: nowMs)
        let refresh = file.probes.values.map { Int($0.interval.components.seconds) }.min() ?? 60
        return DashboardTemplates.page("overview", model: page, frame: frame("Overview", file, nowMs, refresh: refresh, overview: true))
    }

    /// `/probes/{name}`, of one route (`nil`: the first) over a range; query parameters as the page's links write them.
    public static func probe(file: ProbeConfigFile, store: HistoryStore, name: String, parameters: [String: String], nowMs: Int64) throws -> String {
        guard let spec = file.probes[name] else { throw PageError(status: 404, message: "no probe named \"\(name.prefix(100))\"") }
        for key in parameters.keys.sorted() where !["route", "range", "since", "until", "phases"].contains(key) {
            throw PageError(status: 400, message: "unknown parameter \"\(key.prefix(40))\"; expected route, range, since, until or phases")
        }
        var preset = parameters["range"]
        if preset == nil, parameters["since"] == nil, parameters["until"] == nil {
            var route = parameters["route"]
            if route == nil, case .transit(let routes) = spec.kind { route = routes.first?.description }
            preset = DashboardRange.Preset.opening(firstRunMs: try store.firstRunMs(probe: name, route: route), nowMs: nowMs).rawValue
        }
        let range: DashboardRange
        do { range = try DashboardRange(range: preset, since: parameters["since"], until: parameters["until"], nowMs: nowMs) } catch {
            throw PageError(status: 400, message: error.description)
        }
        if let route = parameters["route"] {
            guard case .transit(let routes) = spec.kind, routes.contains(where: { $0.description == route }) else {
                throw PageError(status: 404, message: "probe \(name) has no route \"\(route.prefix(100))\"")
            }
        }
        let allPhases: Bool
        switch parameters["phases"] {
        case nil, "grouped": allPhases = false
        case "all": allPhases = true
        case let other?: throw PageError(status: 400, message: "phases: expected all or grouped, got \"\(other.prefix(40))\"")
        }
        let page = try ProbePage.load(spec: spec, route: parameters["route"], range: range, allPhases: allPhases, store: store)
        return DashboardTemplates.page("probe", model: page, frame: frame(name, file, nowMs, refresh: range.preset == nil ? 0 : page.refreshSeconds))
    }

    /// `/runs/{id}`.
    public static func run(file: ProbeConfigFile, store: HistoryStore, id: Int64, nowMs: Int64) throws -> String {
        guard let record = try store.run(id: id) else { throw PageError(status: 404, message: "no run \(id)") }
        return DashboardTemplates.page("run", model: RunDetailPage(record, id: id), frame: frame("Run \(id)", file, nowMs, refresh: 0))
    }

    /// `/alerts`, with the token its forms carry and the last form's error.
    public static func alerts(file: ProbeConfigFile, store: HistoryStore, nowMs: Int64, formToken: String, error: String? = nil,
                              tokenSet: Bool = false) throws -> String {
        let page = try AlertsPage.load(file: file, store: store, nowMs: nowMs, formToken: formToken, error: error, tokenSet: tokenSet)
        return DashboardTemplates.page("alerts", model: page, frame: frame("Alerts", file, nowMs, refresh: error == nil ? 60 : 0, alerts: true))
    }

    /// A page saying what went wrong.
    static func error(_ error: PageError, file: ProbeConfigFile, nowMs: Int64) -> String {
        var frame = frame("Error \(error.status)", file, nowMs, refresh: 0)
        frame.body = "<h1>Error \(error.status)</h1>\n<p class=\"form-error\">\(escape(error.message))</p>\n<p><a href=\"/\">Back to the overview</a></p>"
        return DashboardTemplates.layout(frame)
    }

    private static func frame(_ title: String, _ file: ProbeConfigFile, _ nowMs: Int64, refresh: Int, overview: Bool = false,
                              alerts: Bool = false) -> DashboardTemplates.Frame {
        DashboardTemplates.Frame(title: title, location: file.location, refreshSeconds: refresh, overview: overview, alerts: alerts, body: "",
                                 renderedAt: DashboardFormat.time(nowMs))
    }

    /// Text made safe inside HTML.
    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "&": result += "&amp;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}
