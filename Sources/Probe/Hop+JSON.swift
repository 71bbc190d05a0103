/// The `--json` shape of a hop, stable for the CLI:
///
///     {"by": "mx.example.com", "from": "mail.example.org", "with": "ESMTPS", "id": "4XyZ12abc",
///      "at": "2024-11-25T09:00:00Z", "delay_ms": 2000,
///      "for": "bob@example.com", "from_host": "mail.example.org", "from_ip": "192.0.2.1",
///      "at_unix": 1732525200, "at_local": "2024-11-25T10:00:00+01:00", "skew_ms": null, "flags": []}
///
/// The first six keys are always present (`null` when unknown); `at` is ISO 8601 UTC.
/// `skew_ms` is set when a negative or implausible difference was withheld from `delay_ms`.
/// `warnings` (`{"kind", "text"}`) appears only when there are some.
extension Hop: Encodable {
    enum CodingKeys: String, CodingKey {
        case by, from, with, id, at
        case delayMilliseconds = "delay_ms"
        case recipient = "for"
        case fromHost = "from_host"
        case fromIP = "from_ip"
        case atUnix = "at_unix"
        case atLocal = "at_local"
        case skewMilliseconds = "skew_ms"
        case flags, warnings
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeOrNull(by, forKey: .by)
        try container.encodeOrNull(from, forKey: .from)
        try container.encodeOrNull(with, forKey: .with)
        try container.encodeOrNull(id, forKey: .id)
        try container.encodeOrNull(at?.iso8601UTC, forKey: .at)
        try container.encodeOrNull(delayMilliseconds, forKey: .delayMilliseconds)
        try container.encodeOrNull(self.for, forKey: .recipient)
        try container.encodeOrNull(fromHost, forKey: .fromHost)
        try container.encodeOrNull(fromIP, forKey: .fromIP)
        try container.encodeOrNull(at?.unixSeconds, forKey: .atUnix)
        try container.encodeOrNull(at?.iso8601, forKey: .atLocal)
        try container.encodeOrNull(skewSeconds.map { $0 * 1000 }, forKey: .skewMilliseconds)
        try container.encode(flags.sorted().map(\.rawValue), forKey: .flags)
        if !warnings.isEmpty { try container.encode(warnings, forKey: .warnings) }
    }
}

/// `{"kind": "unreadable_date", "text": "Mon, 32 Nov 2024"}`
extension ReceivedParseWarning: Encodable {
    enum CodingKeys: String, CodingKey {
        case kind, text
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind.rawValue, forKey: .kind)
        try container.encode(text, forKey: .text)
    }
}

/// `{"hops": [...], "transit_ms": 4000, "since_submission_ms": null, "clock_skew": false}`,
/// plus `return_path` and `warnings` when present.
extension ReceivedChain: Encodable {
    enum CodingKeys: String, CodingKey {
        case hops
        case transitMilliseconds = "transit_ms"
        case sinceSubmissionMilliseconds = "since_submission_ms"
        case clockSkew = "clock_skew"
        case returnPath = "return_path"
        case warnings
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(hops, forKey: .hops)
        try container.encodeOrNull(transitSeconds.map { $0 * 1000 }, forKey: .transitMilliseconds)
        try container.encodeOrNull(sinceSubmissionSeconds.map { $0 * 1000 }, forKey: .sinceSubmissionMilliseconds)
        try container.encode(hasClockSkew, forKey: .clockSkew)
        try container.encodeIfPresent(returnPath, forKey: .returnPath)
        if !warnings.isEmpty { try container.encode(warnings, forKey: .warnings) }
    }
}

extension KeyedEncodingContainer {
    /// Writes the value, or an explicit `null` so the key is always present.
    fileprivate mutating func encodeOrNull(_ value: (some Encodable)?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
}
