extension ProbeRunRecord {
    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version"
        case id, probe, kind, route, location
        case startedAtMs = "started_at_ms"
        case durationMs = "duration_ms"
        case state, ok
        case status = "outcome"
        case reasons, phases, arrival, hops, tls, endpoints, error, token
        case queueID = "queue_id"
        case finalReply = "final_reply"
        case internalDate = "internal_date"
        case swept, traces, addresses, mailbox, idle, alerts
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        schemaVersion = try container.decode(Int.self, forKey: .schemaVersion)
        id = try container.decodeIfPresent(Int64.self, forKey: .id)
        probe = try container.decode(String.self, forKey: .probe)
        kind = try container.decode(Kind.self, forKey: .kind)
        route = try container.decodeIfPresent(String.self, forKey: .route)
        location = try container.decodeIfPresent(String.self, forKey: .location)
        startedAtMs = try container.decode(Int64.self, forKey: .startedAtMs)
        durationMs = try container.decode(Double.self, forKey: .durationMs)
        state = try container.decode(State.self, forKey: .state)
        status = try container.decode(ProbeStatus.self, forKey: .status)
        reasons = try container.decodeIfPresent([ProbeReason].self, forKey: .reasons) ?? []
        phases = try container.decodeIfPresent([Phase].self, forKey: .phases) ?? []
        arrival = try container.decodeIfPresent(Arrival.self, forKey: .arrival)
        hops = try container.decodeIfPresent([RunHop].self, forKey: .hops) ?? []
        tls = try container.decodeIfPresent([String: RunTLSFacts].self, forKey: .tls) ?? [:]
        endpoints = try container.decodeIfPresent([String: String].self, forKey: .endpoints) ?? [:]
        error = try container.decodeIfPresent(Failure.self, forKey: .error)
        token = try container.decodeIfPresent(String.self, forKey: .token)
        queueID = try container.decodeIfPresent(String.self, forKey: .queueID)
        finalReply = try container.decodeIfPresent(Reply.self, forKey: .finalReply)
        internalDate = try container.decodeIfPresent(String.self, forKey: .internalDate)
        swept = try container.decodeIfPresent(Int.self, forKey: .swept)
        traces = try container.decodeIfPresent([String: [TraceLine]].self, forKey: .traces)
        addresses = try container.decodeIfPresent([String: String].self, forKey: .addresses)
        mailbox = try container.decodeIfPresent(RunMailbox.self, forKey: .mailbox)
        idle = try container.decodeIfPresent(RunIdleWatch.self, forKey: .idle)
        alerts = try container.decodeIfPresent([String].self, forKey: .alerts)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(schemaVersion, forKey: .schemaVersion)
        try container.encodeIfPresent(id, forKey: .id)
        try container.encode(probe, forKey: .probe)
        try container.encode(kind, forKey: .kind)
        try container.encodeIfPresent(route, forKey: .route)
        try container.encodeIfPresent(location, forKey: .location)
        try container.encode(startedAtMs, forKey: .startedAtMs)
        try container.encode(durationMs, forKey: .durationMs)
        try container.encode(state, forKey: .state)
        try container.encode(ok, forKey: .ok)
        try container.encode(status, forKey: .status)
        try container.encode(reasons, forKey: .reasons)
        try container.encode(phases, forKey: .phases)
        try container.encodeIfPresent(arrival, forKey: .arrival)
        try container.encode(hops, forKey: .hops)
        try container.encode(tls, forKey: .tls)
        try container.encode(endpoints, forKey: .endpoints)
        try container.encodeIfPresent(error, forKey: .error)
        try container.encodeIfPresent(token, forKey: .token)
        try container.encodeIfPresent(queueID, forKey: .queueID)
        try container.encodeIfPresent(finalReply, forKey: .finalReply)
        try container.encodeIfPresent(internalDate, forKey: .internalDate)
        try container.encodeIfPresent(swept, forKey: .swept)
        try container.encodeIfPresent(traces, forKey: .traces)
        try container.encodeIfPresent(addresses, forKey: .addresses)
        try container.encodeIfPresent(mailbox, forKey: .mailbox)
        try container.encodeIfPresent(idle, forKey: .idle)
        try container.encodeIfPresent(alerts, forKey: .alerts)
    }
}
