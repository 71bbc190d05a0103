import MailTransport
import Probe

/// A round trip's result as a table, as JSON (schema in docs/json-schema.md), or as a monitoring-plugin line.
struct RoundTripReport {
    var result: RoundTripResult
    var thresholds: ProbeThresholds

    var phases: [PhaseDuration] { result.phases.map { PhaseDuration(name: $0.name, ms: $0.milliseconds) } }

    func text(withTrace: Bool = false) -> String {
        var out = "ROUND TRIP \(result.token ?? "-"): \(result.status.rawValue.uppercased())\n"
        out += PhaseTable.render(phases.filter { $0.name != "total" }, total: result.phase("total")?.milliseconds)
        if let mode = result.arrivalMode { out += "arrival:   \(mode.rawValue)" }
        if let seen = result.firstSeenAfterAcceptance { out += ", first seen \(PhaseDuration(name: "", ms: seen.milliseconds).ms) ms" }
        if let notified = result.serverNotifiedAfterAcceptance {
            out += ", server notified \(PhaseDuration(name: "", ms: notified.milliseconds).ms) ms"
        }
        if result.arrivalMode != nil { out += " after acceptance\n" }
        if let queueID = result.queueID { out += "queue id:  \(queueID)\n" }
        if !result.hops.isEmpty {
            out += "hops:\n"
            for hop in result.hops {
                out += "  \(hop.by ?? "?") ← \(hop.from ?? "?") \(hop.with ?? "")"
                if let delay = hop.delaySeconds { out += "  +\(delay) s" }
                out += "\n"
            }
        }
        if let tls = result.smtpTLS { out += "smtp " + TLSFacts.render(tls) }
        if let tls = result.imapTLS { out += "imap " + TLSFacts.render(tls) }
        for reason in result.reasons { out += "\(reason.status.rawValue.uppercased()): \(reason)\n" }
        if withTrace {
            for (session, entries) in result.traces { out += ReportParts.transcript(entries, title: "\(session) transcript") }
        }
        return out
    }

    /// The run record (docs/json-schema.md), the one shape of `--json`, the store and the API.
    func record(probe: String, kind: ProbeRunRecord.Kind = .roundTrip, route: String? = nil, location: String?,
                startedAtMs: Int64) -> ProbeRunRecord {
        ProbeRunRecord(result, probe: probe, kind: kind, route: route, location: location, startedAtMs: startedAtMs)
    }

    func json(probe: String, location: String?, startedAtMs: Int64) -> String {
        JSONOutput.encode(record(probe: probe, location: location, startedAtMs: startedAtMs))
    }
}

/// `mailprobe transit --json`: the worst outcome, then every route's run record.
struct TransitReport {
    var results: [TransitProbe.RouteResult]
    var probe: String
    var location: String?
    var startedAtMs: Int64

    func json() -> String {
        struct Route: Encodable { var route: String; var result: ProbeRunRecord }
        struct Body: Encodable { var ok: Bool; var outcome: String; var routes: [Route] }
        let status = TransitProbe.status(of: results)
        let routes = results.map {
            Route(route: $0.route, result: ProbeRunRecord($0.result, probe: probe, kind: .transit, route: $0.route, location: location,
                                                          startedAtMs: startedAtMs))
        }
        return JSONOutput.encode(Body(ok: status == .ok, outcome: status.rawValue, routes: routes))
    }
}
