import Charts
import Probe

/// The run page's view model: one run's phases as a waterfall, its reasons and error with the server's
/// reply, the Received hops, the TLS facts per endpoint and the masked transcripts.
struct RunDetailPage {
    struct Fact { var name: String; var value: String }
    struct Reason { var kind: String; var status: String; var phase: String; var message: String; var reply: String? }
    struct Hop { var index: Int; var by: String; var from: String; var with: String; var at: String; var delay: String; var skew: String; var flags: String; var flagged: Bool }
    struct Endpoint { var role: String; var facts: [Fact] }
    struct TraceLine { var offset: String; var dir: String; var dirClass: String; var line: String }
    struct Transcript { var session: String; var lines: [TraceLine] }

    var id: Int64
    var probe: String
    var probeHref: String
    var statusWord: String
    var statusClass: String
    var facts: [Fact]
    var waterfall: String
    var errorMessage: String?
    var errorReply: String?
    var reasons: [Reason]
    var hops: [Hop]
    var endpoints: [Endpoint]
    var transcripts: [Transcript]
    var hasHops = false
    var hasTranscripts = false

    init(_ record: ProbeRunRecord, id: Int64) {
        self.id = id
        probe = record.probe
        probeHref = DashboardLinks.probe(record.probe, route: record.route)
        let status = DashboardStatus(record.status)
        statusWord = status.word
        statusClass = status.cssClass
        var facts = [Fact(name: "Probe", value: record.probe), Fact(name: "Kind", value: record.kind.rawValue)]
        if let route = record.route { facts.append(Fact(name: "Route", value: route.replacingArrow)) }
        facts += [Fact(name: "Started", value: DashboardFormat.time(record.startedAtMs)),
                  Fact(name: "Duration", value: DashboardFormat.duration(record.durationMs)),
                  Fact(name: "State", value: record.state.rawValue)]
        if let location = record.location { facts.append(Fact(name: "Location", value: location)) }
        if let marker = FailureClass.marker(of: record) { facts.append(Fact(name: "Outcome", value: FailureClass.words(marker))) }
        for (role, endpoint) in record.endpoints.sorted(by: { $0.key < $1.key }) { facts.append(Fact(name: "Endpoint \(role)", value: endpoint)) }
        if let queueID = record.queueID { facts.append(Fact(name: "Queue id", value: queueID)) }
        if let reply = record.finalReply { facts.append(Fact(name: "Reply to the final dot", value: Self.quote(reply))) }
        if let arrival = record.arrival {
            if let mode = arrival.mode { facts.append(Fact(name: "Arrival noticed by", value: mode)) }
            if let mailbox = arrival.mailbox { facts.append(Fact(name: "Found in", value: mailbox)) }
            if let seen = arrival.firstSeenMs { facts.append(Fact(name: "First seen after acceptance", value: DashboardFormat.duration(seen))) }
        }
        self.facts = facts
        waterfall = Chart.renderWaterfall(Self.rows(record), title: "Run \(id) of \(record.probe): phases on a time axis")
        errorMessage = record.error.map { error in (error.phase.map { "\($0): " } ?? "") + "\(error.code): \(error.message)" }
        errorReply = record.error?.reply.map(Self.quote)
        reasons = record.reasons.map { reason in
            Reason(kind: reason.kind.rawValue, status: reason.status.rawValue, phase: reason.phase ?? "", message: reason.message,
                   reply: reason.reply.map(Self.quote))
        }
        hops = record.hops.enumerated().map { index, hop in
            Hop(index: index + 1, by: hop.by ?? "", from: [hop.fromHost, hop.fromIP.map { "[\($0)]" }].compactMap(\.self).joined(separator: " "),
                with: hop.with ?? "", at: hop.at ?? "", delay: hop.delayMs.map { DashboardFormat.duration(Double($0)) } ?? "",
                skew: hop.skewMs.map { DashboardFormat.duration(Double($0)) } ?? "", flags: hop.flags.joined(separator: ", "),
                flagged: !hop.flags.isEmpty)
        }
        endpoints = record.tls.sorted(by: { $0.key < $1.key }).map { role, tls in
            var facts = [Fact(name: "Version", value: tls.version), Fact(name: "Cipher", value: tls.cipher),
                         Fact(name: "Verified", value: tls.verified ? "yes" : "no")]
            if let subject = tls.peerSubject { facts.append(Fact(name: "Subject", value: subject)) }
            if let issuer = tls.issuer { facts.append(Fact(name: "Issuer", value: issuer)) }
            if let notAfter = tls.notAfter { facts.append(Fact(name: "Not after", value: notAfter)) }
            if let days = tls.daysLeft { facts.append(Fact(name: "Days left", value: "\(days)")) }
            return Endpoint(role: role, facts: facts)
        }
        transcripts = (record.traces ?? [:]).sorted(by: { $0.key < $1.key }).map { session, lines in
            Transcript(session: session, lines: lines.map { TraceLine(offset: DashboardFormat.decimals($0.ms, 1), dir: $0.dir,
                                      dirClass: $0.dir == "C" ? "client" : $0.dir == "S" ? "server" : "note", line: $0.line) })
        }
        hasHops = !hops.isEmpty
        hasTranscripts = !transcripts.isEmpty
    }

    /// `550 5.7.1 relay denied`.
    static func quote(_ reply: ProbeRunRecord.Reply) -> String {
        [reply.code.map(String.init), reply.enhanced, reply.text].compactMap(\.self).joined(separator: " ")
    }

    /// The timed phases one after another from the run's start; the phase that failed is marked, and added
    /// with no width when it was never timed.
    static func rows(_ record: ProbeRunRecord) -> [WaterfallRow] {
        let failedPhase = record.error?.phase ?? record.reasons.first { $0.status == record.status && record.status != .ok }?.phase
        var start = 0.0
        var rows: [WaterfallRow] = []
        for (index, phase) in record.phases.enumerated() where phase.name != "total" {
            let ms = phase.ms.isFinite ? max(0, phase.ms) : 0
            rows.append(WaterfallRow(label: phase.name, startMs: start, durationMs: ms, colorIndex: colorIndex(phase.name, index),
                                     failed: phase.name == failedPhase))
            start += ms
        }
        if let failedPhase, !rows.contains(where: { $0.label == failedPhase }) {
            rows.append(WaterfallRow(label: failedPhase, startMs: start, durationMs: 0, colorIndex: 7, failed: true))
        }
        return rows
    }

    /// One colour per protocol: submit, delivery, retrieve (and the single-service probes' own).
    static func colorIndex(_ phase: String, _ index: Int) -> Int {
        switch phase.split(separator: ".").first ?? "" {
        case "submit", "smtp": 0
        case "delivery": 1
        case "retrieve", "imap": 2
        case "cleanup": 3
        default: 4 + index % 3
        }
    }
}
