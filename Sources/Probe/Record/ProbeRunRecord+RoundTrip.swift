import MailTransport

extension ProbeRunRecord {
    /// The record of a round trip (or one transit route) that started at `startedAtMs` (Unix ms).
    public init(_ result: RoundTripResult, probe: String, kind: Kind, route: String? = nil, location: String?,
                startedAtMs: Int64, endpoints: [String: String] = [:]) {
        self.init(probe: probe, kind: kind, route: route, location: location, startedAtMs: startedAtMs,
                  durationMs: Self.rounded(result.phase("total")?.milliseconds ?? 0), status: result.status,
                  reasons: result.reasons, phases: result.phases.map { Phase(name: $0.name, ms: Self.rounded($0.milliseconds)) })
        if result.arrivalMode != nil || result.foundIn != nil || result.firstSeenAfterAcceptance != nil {
            arrival = Arrival(mode: result.arrivalMode?.rawValue,
                              firstSeenMs: result.firstSeenAfterAcceptance.map { Self.rounded($0.milliseconds) },
                              serverNotifiedMs: result.serverNotifiedAfterAcceptance.map { Self.rounded($0.milliseconds) },
                              mailbox: result.foundIn)
        }
        hops = result.hops.map(RunHop.init)
        let nowUnix = startedAtMs / 1000 + Int64(durationMs / 1000)
        if let smtp = result.smtpTLS { tls["smtp"] = RunTLSFacts(smtp, nowUnix: nowUnix) }
        if let imap = result.imapTLS { tls["imap"] = RunTLSFacts(imap, nowUnix: nowUnix) }
        self.endpoints = endpoints
        error = Self.failure(in: result.reasons)
        token = result.token
        queueID = result.queueID
        finalReply = result.finalReply.map { Reply(code: $0.code, enhanced: $0.enhanced, text: $0.text) }
        internalDate = result.internalDate
        swept = result.sweptMessages
        addresses = result.addresses.isEmpty ? nil : result.addresses
        mailbox = result.mailbox
        idle = result.idle
        alerts = result.alerts.isEmpty ? nil : result.alerts
        let recorded = result.traces.filter { !$0.entries.isEmpty }
        if !recorded.isEmpty {
            traces = Dictionary(recorded.map { ($0.session, $0.entries.map(TraceLine.init)) },
                                uniquingKeysWith: { first, _ in first })
        }
    }

    /// The first reason that is a failure rather than a slow phase or a late arrival.
    static func failure(in reasons: [ProbeReason]) -> Failure? {
        let failing: Set<ProbeReason.Kind> = [.smtpRejected, .authFailed, .tlsFailed, .timeout, .lost, .corrupted, .failed, .invalid]
        guard let reason = reasons.first(where: { failing.contains($0.kind) }) else { return nil }
        return Failure(phase: reason.phase, code: reason.kind.rawValue, message: reason.message, reply: reason.reply)
    }

    /// Milliseconds to the microsecond, as the JSON shows them.
    static func rounded(_ ms: Double) -> Double {
        (ms * 1000).rounded() / 1000
    }
}

extension ProbeRunRecord.TraceLine {
    public init(_ entry: TraceEntry) {
        self.init(ms: ProbeRunRecord.rounded(entry.offset.milliseconds), dir: entry.direction.rawValue, line: entry.text)
    }
}
