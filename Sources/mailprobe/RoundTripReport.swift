import MailTransport
import Probe

/// A round trip's result as a table, as JSON (schema in docs/json-schema.md), or as a monitoring-plugin line.
struct RoundTripReport {
    var result: RoundTripResult
    var thresholds: ProbeThresholds

    var phases: [PhaseDuration] { result.phases.map { PhaseDuration(name: $0.name, ms: $0.milliseconds) } }

    func text(withTrace: Bool = false) -> String {
        var out = "ROUND TRIP \(result.token): \(result.status.rawValue.uppercased())\n"
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

    func json() -> String {
        JSONOutput.encode(RoundTripJSON(result))
    }
}

/// The stable JSON shape of one round trip (docs/json-schema.md).
struct RoundTripJSON: Encodable {
    struct Arrival: Encodable { var mode: String?; var first_seen_ms: Double?; var server_notified_ms: Double?; var mailbox: String? }
    struct TLS: Encodable { var smtp: TLSFacts.JSON?; var imap: TLSFacts.JSON? }
    struct Reason: Encodable { var kind: String; var status: String; var phase: String?; var value_ms: Double?; var limit_ms: Double?; var message: String }

    var ok: Bool
    var outcome: String
    var reasons: [Reason]
    var phases: [PhaseDuration]
    var hops: [Probe.Hop]
    var tls: TLS
    var token: String
    var queue_id: String?
    var internal_date: String?
    var arrival: Arrival
    var swept: Int
    var traces: [String: [ReportParts.TraceLine]]?

    init(_ result: RoundTripResult) {
        func ms(_ duration: Duration?) -> Double? { duration.map { PhaseDuration(name: "", ms: $0.milliseconds).ms } }
        ok = result.status == .ok
        outcome = result.status.rawValue
        reasons = result.reasons.map { Reason(kind: $0.kind.rawValue, status: $0.status.rawValue, phase: $0.phase,
                                              value_ms: $0.valueMilliseconds, limit_ms: $0.limitMilliseconds, message: $0.message) }
        phases = result.phases.map { PhaseDuration(name: $0.name, ms: $0.milliseconds) }
        hops = result.hops
        tls = TLS(smtp: result.smtpTLS.map(TLSFacts.JSON.init), imap: result.imapTLS.map(TLSFacts.JSON.init))
        token = result.token
        queue_id = result.queueID
        internal_date = result.internalDate
        arrival = Arrival(mode: result.arrivalMode?.rawValue, first_seen_ms: ms(result.firstSeenAfterAcceptance),
                          server_notified_ms: ms(result.serverNotifiedAfterAcceptance), mailbox: result.foundIn)
        swept = result.sweptMessages
        let recorded = result.traces.filter { !$0.entries.isEmpty }
        traces = recorded.isEmpty ? nil : Dictionary(recorded.map { trace in
            (trace.session, trace.entries.map(ReportParts.TraceLine.init))
        }, uniquingKeysWith: { first, _ in first })
    }
}

/// `mailprobe transit --json`: the worst outcome, then every route's round trip.
struct TransitReport {
    var results: [TransitProbe.RouteResult]
    var thresholds: ProbeThresholds

    func json() -> String {
        struct Route: Encodable { var route: String; var result: RoundTripJSON }
        struct Body: Encodable { var ok: Bool; var outcome: String; var routes: [Route] }
        let status = TransitProbe.status(of: results)
        return JSONOutput.encode(Body(ok: status == .ok, outcome: status.rawValue,
                                      routes: results.map { Route(route: $0.route, result: RoundTripJSON($0.result)) }))
    }
}
