import HistoryStore
import Hummingbird
import MonitorCore
import Probe

extension APIRouter {
    struct ProbeSummary: Encodable {
        var name: String
        var kind: String
        var intervalMs: Int64
        var routes: [String]
        var latest: [ProbeRunRecord]
        var alerts: [AlertState]

        enum CodingKeys: String, CodingKey {
            case name, kind, routes, latest, alerts
            case intervalMs = "interval_ms"
        }
    }

    static func probes(_ daemon: ServeDaemon) async throws -> Response {
        let file = await daemon.file
        let store = daemon.store
        let latest = try await Offload.run { try store.latestRuns() }
        let states = await daemon.alertStates()
        let summaries = file.probeNames.compactMap { file.probes[$0] }.map { spec in
            var routes: [String] = []
            if case .transit(let list) = spec.kind { routes = list.map(\.description) }
            return ProbeSummary(name: spec.name, kind: spec.recordKind.rawValue, intervalMs: spec.interval.wholeMilliseconds, routes: routes,
                                latest: latest.filter { $0.probe == spec.name }, alerts: states.filter { $0.key.probe == spec.name })
        }
        return APIResponse.json(["probes": summaries])
    }

    static func runs(_ daemon: ServeDaemon, _ request: Request) async throws -> Response {
        let parameters = APIParameters(request.uri.queryParameters)
        try parameters.allow(["probe", "route", "status", "since", "until", "limit", "cursor"])
        var query = RunQuery()
        if let probe = parameters["probe"] { query.probe = try await knownProbe(probe, daemon) }
        query.route = parameters["route"]
        if let status = parameters["status"] {
            guard let value = ProbeStatus(rawValue: status) else {
                throw APIError.badParameter("status", "expected ok, warning, critical or unknown, got \"\(status)\"")
            }
            query.status = value
        }
        query.sinceMs = try parameters.instant("since")
        query.untilMs = try parameters.instant("until")
        if let limit = try parameters.integer("limit", in: 1...RunQuery.maximumLimit) { query.limit = limit }
        query.cursor = parameters["cursor"]
        let page: RunPage
        let store = daemon.store
        do { page = try await Offload.run { [query] in try store.runs(query) } } catch { throw APIError.badParameter("cursor", "\(error)") }
        struct Body: Encodable {
            var runs: [ProbeRunRecord]
            var nextCursor: String?
            enum CodingKeys: String, CodingKey { case runs; case nextCursor = "next_cursor" }
        }
        return APIResponse.json(Body(runs: page.runs, nextCursor: page.nextCursor))
    }

    static func series(_ daemon: ServeDaemon, _ request: Request) async throws -> Response {
        let parameters = APIParameters(request.uri.queryParameters)
        try parameters.allow(["probe", "route", "phase", "since", "until", "step"])
        guard let probe = parameters["probe"] else { throw APIError.badParameter("probe", "required") }
        _ = try await knownProbe(probe, daemon)
        let now = ProbeExecution.systemWallClock()
        let until = try parameters.instant("until") ?? now
        let since = try parameters.instant("since") ?? until - 86_400_000
        guard since < until else { throw APIError.badParameter("since", "must be before until") }
        guard until - since <= maximumSeriesSpanMs else {
            throw APIError.badParameter("since", "the range may span at most \(maximumSeriesSpanMs / 86_400_000) days (the store's limit)")
        }
        let step = try parameters.duration("step").map(\.wholeMilliseconds)
        if let step, step < 60_000 { throw APIError.badParameter("step", "the smallest step is 1m") }
        if let step, step > HistoryStore.maximumStepMs {
            throw APIError.badParameter("step", "the largest step is \(HistoryStore.maximumStepMs / 86_400_000)d")
        }
        let store = daemon.store, route = parameters["route"], phase = parameters["phase"] ?? "total"
        let points = try await Offload.run { try store.series(probe: probe, route: route, phase: phase, sinceMs: since, untilMs: until, stepMs: step) }
        return APIResponse.json(["points": points])
    }

    static func alerts(_ daemon: ServeDaemon) async throws -> Response {
        struct Body: Encodable {
            var firing: [FiringAlert]
            var states: [AlertState]
            var history: [AlertEvent]
            var silences: [StoredSilence]
        }
        let now = ProbeExecution.systemWallClock()
        let store = daemon.store
        let (firing, history, silences) = try await Offload.run {
            (try store.firingAlerts(), try store.alertEvents(limit: 200, key: nil), try store.silences(activeAtMs: now))
        }
        return APIResponse.json(Body(firing: firing, states: await daemon.alertStates(), history: history, silences: silences))
    }

    /// The longest range `/api/series` reads: the store's longest step (about ten years).
    static let maximumSeriesSpanMs = HistoryStore.maximumStepMs

    /// The largest `POST /api/silences` body.
    static let silenceBodyLimit = 64 * 1024

    static func createSilence(_ daemon: ServeDaemon, _ request: Request) async throws -> Response {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: silenceBodyLimit)
        } catch {
            throw APIError(status: .contentTooLarge, parameter: "body", message: "the body may be at most \(silenceBodyLimit / 1024) KiB")
        }
        let body = try SilenceRequest.parse(Array(buffer.readableBytesView))
        let now = ProbeExecution.systemWallClock()
        if let probe = body.probe { _ = try await knownProbe(probe, daemon) }
        let ends = try body.endsAt(now: now)
        let store = daemon.store
        let silence = try await Offload.run {
            try store.insertSilence(probe: body.probe, route: body.route, location: body.location, startsAtMs: body.startsAtMs ?? now,
                                    endsAtMs: ends, comment: body.comment ?? "", createdBy: body.createdBy ?? "api")
        }
        await daemon.silencesChanged()
        return APIResponse.json(silence, status: .created)
    }

    static func knownProbe(_ name: String, _ daemon: ServeDaemon) async throws -> String {
        guard await daemon.file.probes[name] != nil else { throw APIError.notFound("no probe named \"\(name)\"") }
        return name
    }
}
